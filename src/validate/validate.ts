import { withLatestWindow } from '../sql/duckdb-lineage-scope.js';
import type { RunConfig } from '../config/schema.js';
import type { Drop } from '../drop/read-drop.js';
import { duckdbCreateTable } from '../schema/derive/ddl-duckdb.js';
import { quoteLiteral } from '../schema/derive/sql-types.js';
import { generatedTables, TABLES } from '../schema/registry.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Duck } from '../sql/duckdb-connection.js';
import { campaignRules } from './campaign-rules.js';
import { identityRules } from './identity-rules.js';
import { peopleRules } from './people-rules.js';
import { timeRules } from './time-rules.js';
import { distributionRules } from './distribution-rules.js';
import { fileIntegrity, manifestRows } from './integrity-rules.js';
import { incrementScope, isIncrement } from './increment-scope.js';
import { ledgerResults } from './ledger-rules.js';
import { modelRules } from './model-rules.js';
import { registryRules } from './registry-rules.js';
import { type Rule, type RuleResult, summarize, type ValidationReport } from './rule.js';
import { duckExecutor, runRules, schemaResults } from './run-rules.js';
import { runRulesShared } from './shared-aggregates.js';

export type { ValidationReport } from './rule.js';

/** Every rule that applies to the tables this config generates. */
export function allRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const generated = new Set(generatedTables(config.output.tables).map((t) => t.name));
  return [
    ...registryRules(d),
    ...modelRules(config, d),
    ...distributionRules(config, d),
    ...peopleRules(config, d),
    ...identityRules(config, d),
    ...timeRules(config, d),
    ...campaignRules(config, d),
  ].filter((r) => generated.has(r.table));
}

/** The manifest's files of one table, as SQL string literals for read_parquet. */
const fileLiterals = (drop: Drop, table: string): string[] =>
  drop.files.filter((f) => f.table === table).map((f) => quoteLiteral(`${drop.root}/${f.path}`));

/** Views over exactly the manifest's files (stray files are not part of the drop). */
export async function attachDrop(db: Duck, drop: Drop): Promise<void> {
  for (const t of TABLES) {
    const files = fileLiterals(drop, t.name);
    if (files.length === 0) await db.run(duckdbCreateTable(t, t.name, { keys: false }));
    else
      await db.run(
        `CREATE VIEW "${t.name}" AS SELECT * FROM read_parquet([${files.join(', ')}], hive_partitioning = false)`,
      );
  }
}

/** The partition folder agreeing with the row: a check that exists only for files. */
async function partitionResults(db: Duck, drop: Drop): Promise<RuleResult[]> {
  const partitionRules: Rule[] = TABLES.filter((t) => t.partition && drop.files.some((f) => f.table === t.name)).map(
    (t) => {
      const files = fileLiterals(drop, t.name);
      return {
        id: `${t.name}.partition_matches_row`,
        table: t.name,
        kind: 'violations',
        description: `${t.partition!.column}= folder is the UTC date of ${t.partition!.source}`,
        sql: `SELECT "${t.primaryKey}" AS id FROM read_parquet([${files.join(', ')}], hive_partitioning = true) WHERE CAST("${t.partition!.column}" AS DATE) <> CAST("${t.partition!.source}" AS DATE)`,
      };
    },
  );
  return runRules(duckExecutor(db), partitionRules);
}

/** Called after each data-model rule (the bulk of the time), for progress. */
export type OnRule = (done: number, total: number) => void;

/** Every rule on a base; on an increment alone, those that do not need its lineage's earlier rows. */
async function dropRules(db: Duck, drop: Drop, onRule?: OnRule): Promise<RuleResult[]> {
  if (!isIncrement(drop)) return runRulesShared(db, allRules(drop.config), onRule);
  const { run, skipped } = incrementScope(allRules(drop.config));
  return [...(await runRulesShared(db, run, onRule)), ...skipped];
}

export async function validateDrop(db: Duck, drop: Drop, onRule?: OnRule): Promise<ValidationReport> {
  // Unreadable files are reported once and left out of every other rule.
  const { result: files, readable } = await fileIntegrity(db, drop);
  await attachDrop(db, readable);
  const results = [
    files,
    await manifestRows(db, drop),
    ...(await partitionResults(db, readable)),
    ...(await schemaResults(db)),
    ...(await dropRules(db, drop, onRule)),
  ];
  return summarize(results);
}

/** The same rules against tables loaded in a database. */
export async function validateTables(db: Duck, config: RunConfig, onRule?: OnRule): Promise<ValidationReport> {
  return summarize([
    ...(await ledgerResults(db)),
    ...(await schemaResults(db)),
    // A lineage (base + increments) is judged as of its latest drop: src/sql/duckdb-lineage-scope.ts.
    ...(await withLatestWindow(db, config, (rulesConfig) => runRulesShared(db, allRules(rulesConfig), onRule))),
  ]);
}
