import { readDrop } from '../../src/drop/read-drop.js';
import { TABLES } from '../../src/schema/registry.js';
import { openDuck, type Duck } from '../../src/sql/duckdb-connection.js';
import type { Rule, RuleResult } from '../../src/validate/rule.js';
import { duckExecutor, runRule } from '../../src/validate/run-rules.js';

/**
 * A drop's tables copied into an in-memory DuckDB, so a test can feed a rule plainly wrong data
 * (UPDATE a column to uniform, shuffled or constant values) and roll the change back afterwards.
 */
export interface MutableDrop {
  db: Duck;
  /** Runs `rule` after `statements`, inside a transaction that is rolled back. */
  judge(rule: Rule, statements?: string[]): Promise<RuleResult>;
  close(): void;
}

export async function mutableDrop(dir: string): Promise<MutableDrop> {
  const drop = readDrop(dir);
  const db = await openDuck();
  for (const t of TABLES) {
    const files = drop.files.filter((f) => f.table === t.name).map((f) => `'${drop.root}/${f.path}'`);
    await db.run(
      `CREATE TABLE "${t.name}" AS SELECT * FROM read_parquet([${files.join(', ')}], hive_partitioning = false)`,
    );
  }
  return {
    db,
    async judge(rule, statements = []) {
      await db.run('BEGIN TRANSACTION');
      try {
        for (const s of statements) await db.run(s);
        return await runRule(duckExecutor(db), rule);
      } finally {
        await db.run('ROLLBACK');
      }
    },
    close: () => db.close(),
  };
}

/** SQL that gives `column` of `table` a deterministic shuffle of its own values (the marginal kept, links broken). */
export const shuffle = (table: string, column: string, key: string): string =>
  `UPDATE ${table} SET ${column} = s.v FROM (
     SELECT a.k, b.v FROM (SELECT ${key} AS k, row_number() OVER (ORDER BY ${key}) AS rn FROM ${table}) a
     JOIN (SELECT ${column} AS v, row_number() OVER (ORDER BY hash(${key}, 'shuffle')) AS rn FROM ${table}) b USING (rn)) s
   WHERE ${table}.${key} = s.k`;
