import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesTouched } from '../src/sql/duckdb-ledger.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { TABLES } from '../src/schema/registry.js';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

/** Issue 9, "the ledger must not lie": what `sql` changes, `validate --db` sees and a reload repairs. */
describe('the load ledger', () => {
  const temps: string[] = [];
  let drop: string;
  let expected: Record<string, number>;
  beforeAll(async () => {
    const dir = tempDir();
    temps.push(dir);
    const { out, result } = await generateDrop({ households: 150 }, { out: join(dir, 'drop') });
    drop = out;
    expected = Object.fromEntries(Object.entries(result.manifest.tables).map(([t, v]) => [t, v.rows]));
  });
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  const freshDb = () => {
    const dir = tempDir();
    temps.push(dir);
    const db = join(dir, 'g.duckdb');
    expect(cli(['load', drop, '--db', db]).code).toBe(0);
    return db;
  };
  /** Row counts read by an independent DuckDB session, not through idgraph. */
  const counts = async (db: string) => {
    const d = await duck();
    await d.rows(`ATTACH '${db}' AS g (READ_ONLY)`);
    const out: Record<string, number> = {};
    for (const t of Object.keys(expected)) {
      const exists = await d.value(
        `SELECT count(*) FROM duckdb_tables() WHERE database_name = 'g' AND table_name = '${t}'`,
      );
      out[t] = exists ? await d.value(`SELECT count(*) FROM g."${t}"`) : -1;
    }
    d.close();
    return out;
  };
  const failedRules = (db: string) => {
    const r = cli(['validate', '--db', db, '--json']);
    return {
      code: r.code,
      failed: (JSON.parse(r.stdout).results as { id: string; ok: boolean }[]).filter((x) => !x.ok),
    };
  };

  it('sql is read-only by default: a DELETE is refused, with the way to opt in', async () => {
    const db = freshDb();
    const r = cli(['sql', '--db', db, 'DELETE FROM outcome_metrics']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/read-only/);
    expect(r.stderr).toMatch(/--write/);
    expect(await counts(db)).toEqual(expected);
  });

  it('after sql --write DELETE, validate --db fails the ledger rule and a reload repairs the table', async () => {
    const db = freshDb();
    expect(cli(['sql', '--write', '--db', db, 'DELETE FROM outcome_metrics WHERE outcome_id % 3 = 0']).code).toBe(0);
    const lost = expected.outcome_metrics - (await counts(db)).outcome_metrics;
    expect(lost).toBeGreaterThan(0);
    const before = failedRules(db);
    expect(before.code).toBe(1);
    expect(before.failed.map((r) => r.id)).toContain('outcome_metrics.ledger_rows');
    const reload = cli(['load', drop, '--db', db, '--json']);
    expect(reload.code).toBe(0);
    expect(JSON.parse(reload.stdout).inserted.outcome_metrics).toBe(lost);
    expect(await counts(db)).toEqual(expected);
    expect(failedRules(db)).toEqual({ code: 0, failed: [] });
  });

  it('after sql --write DROP TABLE, validate --db fails (exit 1, not an internal error) and a reload rebuilds it', async () => {
    const db = freshDb();
    expect(cli(['sql', '--write', '--db', db, 'DROP TABLE outcome_metrics']).code).toBe(0);
    const before = failedRules(db);
    expect(before.code).toBe(1);
    expect(before.failed.map((r) => r.id)).toEqual(
      expect.arrayContaining(['outcome_metrics.ledger_rows', 'outcome_metrics.schema']),
    );
    expect(cli(['load', drop, '--db', db]).code).toBe(0);
    expect(await counts(db)).toEqual(expected);
    expect(failedRules(db).code).toBe(0);
  });

  it('after sql --write UPDATE (row counts kept), validate --db fails and a reload sets the changed values back', async () => {
    const db = freshDb();
    /** Households whose income bracket differs from the drop's Parquet, read by an independent DuckDB. */
    const changed = async () => {
      const d = await duck();
      await d.rows(`ATTACH '${db}' AS g (READ_ONLY)`);
      const n = await d.value(
        `SELECT count(*) FROM g.households AS h JOIN ${tableGlob(drop, 'households')} AS p USING (household_id) WHERE h.income_bracket IS DISTINCT FROM p.income_bracket`,
      );
      d.close();
      return n;
    };
    const update = cli([
      'sql',
      '--write',
      '--db',
      db,
      "UPDATE households SET income_bracket = CASE WHEN income_bracket = '<30K' THEN '150K+' ELSE '<30K' END WHERE household_id IN (SELECT household_id FROM households ORDER BY household_id LIMIT 3)",
    ]);
    expect(update.code, update.stderr).toBe(0);
    expect(await counts(db)).toEqual(expected);
    expect(await changed()).toBe(3);
    // Three rows: every distribution rule still passes; the ledger rule alone tells.
    const before = failedRules(db);
    expect(before.code).toBe(1);
    expect(before.failed.map((r) => r.id)).toEqual(['households.ledger_rows']);
    const reload = cli(['load', drop, '--db', db, '--json']);
    expect(reload.code, reload.stderr).toBe(0);
    expect(JSON.parse(reload.stdout).restored).toEqual({ households: 3 });
    expect(await changed()).toBe(0);
    expect(await counts(db)).toEqual(expected);
    expect(failedRules(db)).toEqual({ code: 0, failed: [] });
  });

  it('a table changed behind idgraph (not through sql) fails the ledger rule too', async () => {
    const db = freshDb();
    const d = await duck();
    await d.rows(`ATTACH '${db}' AS g`);
    await d.rows(
      'DELETE FROM g.outcome_metrics WHERE outcome_id IN (SELECT outcome_id FROM g.outcome_metrics LIMIT 3)',
    );
    d.close();
    const { code, failed } = failedRules(db);
    expect(code).toBe(1);
    expect(failed.map((r) => r.id)).toContain('outcome_metrics.ledger_rows');
  });

  it('counts a statement as touching the tables it names, all of them when it cannot tell, none for reads', async () => {
    const db = await openDuck();
    try {
      await db.run('CREATE TABLE households (a INT); CREATE TABLE individuals (b INT); CREATE TABLE notes (c INT)');
      const all = TABLES.map((t) => t.name);
      const cases: [string, string[]][] = [
        ['SELECT * FROM households', []],
        ['EXPLAIN SELECT * FROM individuals', []],
        ['DELETE FROM households WHERE a = 1', ['households']],
        ['UPDATE "INDIVIDUALS" SET b = 2', ['individuals']],
        ['INSERT INTO notes SELECT a FROM households', ['households']],
        ['DROP TABLE notes', []],
        ['DROP TABLE individuals', ['individuals']],
        ['DROP SCHEMA main CASCADE', all],
        ['CREATE TABLE other AS SELECT 1 AS x', []],
        // The second statement cannot be prepared before the first has run: unsure, so all.
        ['CREATE TABLE t2 (x INT); INSERT INTO t2 VALUES (1)', all],
      ];
      for (const [sql, want] of cases) expect(await tablesTouched(db, sql), sql).toEqual(want);
    } finally {
      db.close();
    }
  });

  it('sql --write of a read or of another table leaves the ledger alone', () => {
    const db = freshDb();
    expect(cli(['sql', '--write', '--db', db, 'SELECT count(*) FROM households']).code).toBe(0);
    expect(cli(['sql', '--write', '--db', db, 'CREATE TABLE notes AS SELECT 1 AS a']).code).toBe(0);
    expect(failedRules(db)).toEqual({ code: 0, failed: [] });
  });
});
