import type { RunConfig } from '../config/schema.js';
import { MICROS_PER_DAY, timeWindow } from '../config/window.js';
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
 * A database holding base + increments is judged as of its latest drop: entity tables hold
 * their latest state (upserts), and the rules that compare derived tables with events (viewership
 * and audience with engagements, targeting with segments, attribution per path) are judged over
 * the latest drop's window (and the paths it added a response to, whole), through temporary views that shadow the event and derived tables for
 * the duration of `run`. The derived tables cover a rolling window as long as the base's, ending
 * with the latest drop's (src/gen/continue/rolling.ts): engagements are judged over it, and
 * `run` gets the config with that window length. Keys and foreign keys over the whole database
 * are DuckDB's constraints, enforced at every load. A database of one drop is judged as before.
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
  const needed = ['campaign_exposures', 'response_events'];
  const w = timeWindow(config);
  const start = `make_timestamp(${w.startMicros}::BIGINT)`;
  const asOf = `make_timestamp(${w.asOfMicros}::BIGINT)`;
  const [base] = await db.all(
    `SELECT datediff('day', window_start, window_end) + 1 AS days FROM ${LINEAGE_TABLE} WHERE sequence = 0`,
  );
  const days = base ? Number(base.days) : w.days;
  const rolling = `make_timestamp(${w.endMicros - days * MICROS_PER_DAY}::BIGINT)`;
  const catalog = String((await db.all('SELECT current_database() AS c'))[0].c);
  const main = (t: string) => `${q(catalog)}.main.${q(t)}`;
  // A path (person, campaign) may span drops (src/gen/continue/paths.ts): the window's paths are
  // those it added a response to, judged whole (their earlier responses, the exposures those
  // follow, the outcomes the latest drop recomputed over all their touches).
  const windowPaths = `SELECT individual_id, campaign_id FROM ${main('response_events')} WHERE response_timestamp >= ${start}`;
  const pathResponses = `SELECT r.* FROM ${main('response_events')} r JOIN (SELECT DISTINCT * FROM (${windowPaths})) p USING (individual_id, campaign_id)`;
  const views: Record<string, string> = {
    content_engagements: `timestamp >= ${rolling}`,
    campaign_exposures: `exposure_timestamp >= ${start} OR exposure_id IN (SELECT exposure_id FROM (${pathResponses}))`,
    response_events: `response_id IN (SELECT response_id FROM (${pathResponses}))`,
    outcome_metrics: `response_id IN (SELECT response_id FROM (${pathResponses}))`,
    // The window's campaigns: those it started, those of earlier increments still running, and
    // those whose paths it added a response to (in the lookback after the flight).
    campaigns: `end_date >= CAST(${start} AS DATE) OR campaign_id IN (SELECT campaign_id FROM (${windowPaths}))`,
    viewership_patterns: `computed_at = ${asOf}`,
  };
  const made: string[] = [];
  try {
    for (const [t, where] of Object.entries(views)) {
      if (!present.has(t) || needed.some((n) => !present.has(n))) continue;
      await db.run(`CREATE OR REPLACE TEMP VIEW ${q(t)} AS SELECT * FROM ${main(t)} WHERE ${where}`);
      made.push(t);
    }
    return await run({ ...config, window: { ...config.window, length: `${days}d` } });
  } finally {
    for (const t of made) await db.run(`DROP VIEW IF EXISTS temp.main.${q(t)}`).catch(() => {});
  }
}
