import type { RunConfig } from '../config/schema.js';
import { timeWindow } from '../config/window.js';
import { latestRulesConfig, latestWindowFilters, SCOPE_NEEDS } from '../validate/latest-window.js';
import { duckdbDialect } from './dialect.js';
import { quoteIdent as q } from '../schema/derive/sql-types.js';
import type { Duck } from './duckdb-connection.js';
import { existingTables, RUNS } from './duckdb-ledger.js';
import { LINEAGE_TABLE } from './duckdb-lineage.js';

/** The latest loaded drop of the database's lineage, if it holds one with increments. */
export async function latestIncrement(
  db: Duck,
): Promise<{ fingerprint: string; sequence: number; config: RunConfig } | undefined> {
  const tables = await existingTables(db);
  if (!tables.has(LINEAGE_TABLE) || !tables.has(RUNS)) return undefined;
  const rows = await db.all(
    `SELECT l.fingerprint, l.sequence, r.config FROM ${LINEAGE_TABLE} l JOIN ${RUNS} r USING (fingerprint) ORDER BY l.sequence DESC LIMIT 1`,
  );
  return rows.length
    ? {
        fingerprint: String(rows[0].fingerprint),
        sequence: Number(rows[0].sequence),
        config: JSON.parse(String(rows[0].config)),
      }
    : undefined;
}

/**
 * A database holding base + increments is judged as of its latest drop, over the rows
 * src/validate/latest-window.ts selects (the one definition every engine uses), through
 * temporary views that shadow the event and derived tables for the duration of `run`; `run` gets
 * the config with the base's window length. Keys and foreign keys are validation rules
 * (src/validate/registry-rules.ts), not DuckDB constraints: over the whole database for the
 * entity tables, over the shadowed rows for the others. A database of one drop is judged as before.
 */
export async function withLatestWindow<T>(
  db: Duck,
  config: RunConfig,
  run: (rulesConfig: RunConfig) => Promise<T>,
): Promise<T> {
  const latest = await latestIncrement(db);
  if (!latest || latest.sequence === 0 || JSON.stringify(latest.config) !== JSON.stringify(config)) return run(config);
  // A table missing (dropped behind idgraph's back) is left to the rules to report: no view then.
  const present = await existingTables(db);
  const [base] = await db.all(
    `SELECT datediff('day', window_start, window_end) + 1 AS days FROM ${LINEAGE_TABLE} WHERE sequence = 0`,
  );
  const days = base ? Number(base.days) : timeWindow(config).days;
  const catalog = String((await db.all('SELECT current_database() AS c'))[0].c);
  const main = (t: string) => `${q(catalog)}.main.${q(t)}`;
  const views = latestWindowFilters(duckdbDialect, config, days, main);
  const made: string[] = [];
  try {
    for (const [t, where] of Object.entries(views)) {
      if (!present.has(t) || SCOPE_NEEDS.some((n) => !present.has(n))) continue;
      await db.run(`CREATE OR REPLACE TEMP VIEW ${q(t)} AS SELECT * FROM ${main(t)} WHERE ${where}`);
      made.push(t);
    }
    return await run(latestRulesConfig(config, days));
  } finally {
    for (const t of made) await db.run(`DROP VIEW IF EXISTS temp.main.${q(t)}`).catch(() => {});
  }
}
