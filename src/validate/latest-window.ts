import type { RunConfig } from '../config/schema.js';
import { isoDay, epochDay, MICROS_PER_DAY, timeWindow } from '../config/window.js';
import type { SqlDialect } from '../sql/dialect.js';

/**
 * A database holding base + increments is judged as of its latest drop: entity tables hold their
 * latest state (upserts), and the rules that compare derived tables with events (viewership and
 * audience with engagements, targeting with segments, attribution per path) are judged over the
 * latest drop's window (and the paths it added a response to, whole). This file says which rows
 * that is, once, for every engine: DuckDB shadows the tables with temporary views
 * (src/sql/duckdb-lineage-scope.ts), Databricks reads them through subqueries (`scopedDialect`).
 * The derived tables cover a rolling window as long as the base's, ending with the latest drop's
 * (src/gen/continue/rolling.ts): engagements are judged over it, and the rules get the config
 * with that window length (`latestRulesConfig`).
 */

/** Tables the filters read besides the one they filter: without them nothing is scoped. */
export const SCOPE_NEEDS: readonly string[] = ['campaign_exposures', 'response_events'];

/**
 * `WHERE` conditions per table selecting the latest window's rows. `source(t)` names the table as
 * loaded (unscoped): the conditions read other tables through it. `baseDays`: the base drop's
 * window length, which the rolling window of the derived tables keeps.
 */
export function latestWindowFilters(
  d: SqlDialect,
  config: RunConfig,
  baseDays: number,
  source: (table: string) => string,
): Record<string, string> {
  const w = timeWindow(config);
  const start = d.timestampFromMicros(w.startMicros);
  const asOf = d.timestampFromMicros(w.asOfMicros);
  const rolling = d.timestampFromMicros(w.endMicros - baseDays * MICROS_PER_DAY);
  // A DATE literal both engines read alike (no time zone involved).
  const startDate = `DATE ${d.literal(isoDay(epochDay(w.startMicros)))}`;
  // A path (person, campaign) may span drops (src/gen/continue/paths.ts): the window's paths are
  // those it added a response to, judged whole (their earlier responses, the exposures those
  // follow, the outcomes the latest drop recomputed over all their touches).
  const windowPaths = `SELECT individual_id, campaign_id FROM ${source('response_events')} WHERE response_timestamp >= ${start}`;
  const pathResponses = `SELECT r.* FROM ${source('response_events')} r JOIN (SELECT DISTINCT * FROM (${windowPaths})) p USING (individual_id, campaign_id)`;
  return {
    content_engagements: `${d.ident('timestamp')} >= ${rolling}`,
    campaign_exposures: `exposure_timestamp >= ${start} OR exposure_id IN (SELECT exposure_id FROM (${pathResponses}))`,
    response_events: `response_id IN (SELECT response_id FROM (${pathResponses}))`,
    outcome_metrics: `response_id IN (SELECT response_id FROM (${pathResponses}))`,
    // The window's campaigns: those it started, those of earlier increments still running, and
    // those whose paths it added a response to (in the lookback after the flight).
    campaigns: `end_date >= ${startDate} OR campaign_id IN (SELECT campaign_id FROM (${windowPaths}))`,
    viewership_patterns: `computed_at = ${asOf}`,
  };
}

/** The config the rules judge the latest drop with: its own, over the base's window length. */
export const latestRulesConfig = (config: RunConfig, baseDays: number): RunConfig => ({
  ...config,
  window: { ...config.window, length: `${baseDays}d` },
});

/** Days of a window given as inclusive UTC dates (a lineage step: `start`..`end`). */
export const windowDays = (start: string, end: string): number =>
  Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The dialect with the scoped tables read through a subquery holding only the latest window's
 * rows: `(SELECT * FROM t WHERE …)`, where the rule's own alias (or none) follows. Databricks
 * takes `( query ) [ table_alias ]` as a table reference, the alias optional
 * (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-qry-select-table-reference.html).
 * Rules never name a column by its table's name (only by alias), so the subquery stands in.
 * `qualify` is called with a bare or a quoted table name (registry rules quote it).
 */
export function scopedDialect(d: SqlDialect, filters: Readonly<Record<string, string>>): SqlDialect {
  const bare = (table: string) => table.replace(/^[`"](.*)[`"]$/, '$1');
  return {
    ...d,
    qualify: (table) => {
      const where = filters[bare(table)];
      return where === undefined ? d.qualify(table) : `(SELECT * FROM ${d.qualify(table)} WHERE ${where})`;
    },
  };
}
