import { CONTENT_CATEGORIES } from '../schema/domains.js';
import type { SqlDialect } from '../sql/dialect.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { Rule, RuleResult, SharedAggregate } from './rule.js';
import type { PeopleSubset } from './subset.js';
import { duckExecutor, runRule } from './run-rules.js';

/**
 * Aggregates several rules read (issue 12: validation time at 1M households). Each rule's SQL
 * holds the aggregate inline, as `sharedRef(a)`, so it means the same on its own, on every engine
 * and in every test; the DuckDB runner below computes each aggregate once as a temporary table
 * and points the rules at it. Aggregates are small next to their tables (people × categories,
 * hours of the window), so the rules on top of them cost little.
 */

/** The inline form of an aggregate, as rules write it (and the runner finds it). */
export const sharedRef = (a: SharedAggregate): string => `(${a.sql})`;

/**
 * Engagements per person: total, latest, and (DuckDB) the top 3 categories, ranked by count and
 * then by the categories' order (CONTENT_CATEGORIES), for viewership totals, top 3 and activity
 * skew. Counted per category first, then per person: a temporary table of one row per person, and
 * `max_by(…, 3)` ranks at less than half the CPU of sorting a list of structs per person.
 */
export const engagementsByPerson = (d: SqlDialect): SharedAggregate => {
  // n·64 − position: more events first, then the earlier category (fewer than 64 categories); unknown ones last.
  const top3 =
    d.name === 'duckdb'
      ? `, max_by(content_category, k * 64 - coalesce(list_position(${d.list(CONTENT_CATEGORIES)}, content_category), 63), 3) AS top3`
      : '';
  return {
    name: 'engagements_by_person',
    sql: `SELECT individual_id, CAST(sum(k) AS BIGINT) AS n, max(last_ts) AS last_ts${top3} FROM (SELECT individual_id, content_category, count(*) AS k, max(${d.ident('timestamp')}) AS last_ts FROM ${d.qualify('content_engagements')} GROUP BY individual_id, content_category) c GROUP BY individual_id`,
  };
};

/**
 * Engagements per UTC hour of the window: the diurnal and weekly cycles, ads served while online
 * (estimates: over the subset of people, src/validate/subset.ts).
 */
export const engagementsByHour = (d: SqlDialect, subset: PeopleSubset): SharedAggregate => ({
  name: 'engagements_by_hour',
  sql: `SELECT ${d.hourStart(d.ident('timestamp'))} AS hour_start, count(*) AS c FROM ${d.qualify('content_engagements')}${subset.where('individual_id')} GROUP BY 1`,
});

/** Engagements per type: the five type shares from one pass over the column, not five. */
export const engagementsByType = (d: SqlDialect): SharedAggregate => ({
  name: 'engagements_by_type',
  sql: `SELECT engagement_type, count(*) AS c FROM ${d.qualify('content_engagements')} GROUP BY engagement_type`,
});

/** Exposures per channel with their mean effective CPM: the five CPM rules from one pass, not five. */
export const exposuresByChannel = (d: SqlDialect): SharedAggregate => ({
  name: 'exposures_by_channel',
  sql: `SELECT channel, avg(1000 * cost / frequency) AS cpm, count(*) AS c FROM ${d.qualify('campaign_exposures')} GROUP BY channel`,
});

/** `rule`, marked as reading `aggregates` (held inline in its SQL). */
export const reading = <R extends Rule>(rule: R, ...aggregates: SharedAggregate[]): R => ({
  ...rule,
  shared: aggregates,
});

/** A rule the runner will execute (not skipped before any SQL runs). */
const executes = (r: Rule): boolean => !r.duckdbOnly && !(r.kind === 'figure' && r.skipWhen);

const tableOf = (a: SharedAggregate) => `idgraph_shared_${a.name}`;

/**
 * Runs `rules` in order on DuckDB, each shared aggregate computed once, just before the first rule
 * that reads it, and dropped after the last (temporary tables live in memory, spilling under
 * memory_limit). A rule's seconds include the aggregates computed for it. An aggregate that
 * cannot be computed (a table missing) leaves its rules inline, to fail with their own error.
 */
export async function runRulesShared(
  db: Duck,
  rules: readonly Rule[],
  onRule?: (done: number, total: number) => void,
): Promise<RuleResult[]> {
  const lastUse = new Map<string, number>();
  rules.forEach((r, i) => {
    if (executes(r)) for (const a of r.shared ?? []) lastUse.set(a.name, i);
  });
  const made = new Map<string, string | undefined>();
  const drop = async (name: string) => {
    const table = made.get(name);
    if (table) await db.run(`DROP TABLE IF EXISTS temp.main."${table}"`).catch(() => {});
    made.set(name, undefined);
  };
  const exec = duckExecutor(db);
  const results: RuleResult[] = [];
  try {
    for (const [i, rule] of rules.entries()) {
      const started = performance.now();
      let sql = rule.sql;
      let proof = rule.kind === 'violations' ? rule.proof : undefined;
      for (const a of executes(rule) ? (rule.shared ?? []) : []) {
        if (!made.has(a.name)) {
          const table = tableOf(a);
          const ok = await db.run(`CREATE OR REPLACE TEMP TABLE "${table}" AS ${a.sql}`).then(
            () => true,
            () => false,
          );
          made.set(a.name, ok ? table : undefined);
        }
        const table = made.get(a.name);
        if (table) {
          sql = sql.replaceAll(sharedRef(a), `"${table}"`);
          proof = proof?.replaceAll(sharedRef(a), `"${table}"`);
        }
      }
      const result = await runRule(exec, { ...rule, sql, ...(proof !== undefined && { proof }) });
      // Milliseconds, as runRule: the aggregate's cost goes to the rule that needed it first.
      results.push({ ...result, seconds: Math.round(performance.now() - started) / 1000 });
      for (const a of rule.shared ?? []) if (lastUse.get(a.name) === i) await drop(a.name);
      onRule?.(results.length, rules.length);
    }
  } finally {
    for (const name of made.keys()) await drop(name);
  }
  return results;
}
