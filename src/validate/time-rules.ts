import type { RunConfig } from '../config/schema.js';
import { HOURLY } from '../gen/time-patterns.js';
import { zoneCaseSql } from '../gen/time-zones.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule } from './rule.js';
import { engagementsByHour, sharedRef } from './shared-aggregates.js';
import { peopleSubset } from './subset.js';

const HOURLY_TOTAL = HOURLY.reduce((a, b) => a + b, 0);
const HOURLY_SHARE = HOURLY.map((x) => x / HOURLY_TOTAL);
/** Expected total-variation distance of a 24-bin sample from its own distribution, times √n. */
const TVD_SPREAD = 0.5 * HOURLY_SHARE.reduce((s, p) => s + Math.sqrt((2 * p * (1 - p)) / Math.PI), 0);
/** Allowance for sessions pushed later by the session gap after a previous one. */
const TVD_FLOOR = 0.02;

/**
 * When things happen: engagements and ad exposures follow the same local daily curve (people
 * see ads while online), in each household's time zone with daylight saving time.
 */
export function timeRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  // Estimates: over a subset of people at scale (subset.ts).
  const S = peopleSubset(config, d);
  const zone = zoneCaseSql('b.state', d.literal);
  const expected = `(VALUES ${HOURLY_SHARE.map((p, h) => `(${h}, ${p.toFixed(6)})`).join(', ')}) AS x(h, p)`;
  /**
   * Total-variation distance between the local-hour mix of `table`.`ts` and the published curve.
   * `from`, a subquery, is computed once (a materialized CTE: it is read twice). Rows are first
   * counted per (state, UTC hour) and the local hour taken of those few thousand buckets, not of
   * every row: every zone in ZONES is a whole number of hours off UTC (DST switches on the hour),
   * so all instants of one UTC hour share their local hour.
   */
  const localCurve = (table: string, ts: string, what: string, from?: string): Rule => {
    const rows = from ? 'e' : T(table);
    return {
      id: `${table}.local_daily_curve`,
      table,
      kind: 'figure',
      description: `${what} by local hour (household's time zone, DST included) follow the daily online curve: total-variation distance from it small (streaming/app-usage curves, e.g. Nielsen/Comscore: low 2–6 am, prime time 8–10 pm)${S.note}`,
      sql: `${from ? `${d.materializedCte('e', from)} ` : ''}SELECT 0.5 * sum(abs(coalesce(o.c, 0) / t.n - x.p)) AS figure, max(t.n) AS n FROM ${expected}
      LEFT JOIN (SELECT ${d.localHour('b.hour_start', zone)} AS h, sum(b.c) AS c
        FROM (SELECT hh.location_state AS state, ${d.hourStart(`r.${ts}`)} AS hour_start, CAST(count(*) AS DOUBLE) AS c
          FROM ${rows} r JOIN ${T('individuals')} i ON i.individual_id = r.individual_id
          JOIN ${T('households')} hh ON hh.household_id = i.household_id GROUP BY 1, 2) b GROUP BY 1) o ON o.h = x.h
      CROSS JOIN (SELECT CAST(count(*) AS DOUBLE) AS n FROM ${rows}) t`,
      expect: (n) => [0, (4 * TVD_SPREAD) / Math.sqrt(Math.max(1, n)) + TVD_FLOOR],
      // Judged once sampling noise is under 0.04 (a one-hour DST slip moves the distance by ~0.08).
      minN: Math.ceil(((4 * TVD_SPREAD) / 0.04) ** 2),
    };
  };
  const tsCol = d.ident('timestamp');
  // Engagements per UTC hour, also read by the diurnal and weekly cycles (shared-aggregates.ts).
  const byHour = engagementsByHour(d, S);
  return [
    // Sessions start by the curve; the events inside run on for minutes to hours, so judge the starts.
    localCurve(
      'content_engagements',
      'started',
      'engagement sessions (their first event)',
      `SELECT individual_id, min(${tsCol}) AS started FROM ${T('content_engagements')}${S.where('individual_id')} GROUP BY individual_id, session_id`,
    ),
    localCurve(
      'campaign_exposures',
      'exposure_timestamp',
      'ad exposures',
      S.k > 1
        ? `SELECT individual_id, exposure_timestamp FROM ${T('campaign_exposures')}${S.where('individual_id')}`
        : undefined,
    ),
    {
      id: 'campaign_exposures.served_while_online',
      table: 'campaign_exposures',
      kind: 'figure',
      description: `hourly (UTC) profiles of exposures and engagements correlate > 0.5: ads are served while people are online${S.note}`,
      sql: `SELECT corr(x.c, e.c) AS figure, sum(x.c) AS n
        FROM (SELECT ${d.utcHour('exposure_timestamp')} AS h, CAST(count(*) AS DOUBLE) AS c FROM ${T('campaign_exposures')}${S.where('individual_id')} GROUP BY 1) x
        JOIN (SELECT ${d.utcHour('hour_start')} AS h, CAST(sum(c) AS DOUBLE) AS c FROM ${sharedRef(byHour)} b GROUP BY 1) e ON e.h = x.h`,
      expect: () => [0.5, 1],
      // ≥ ~40 exposures in the quietest hour (0.5% of the day) before a correlation of 24 points means anything.
      minN: 8_000,
      shared: [byHour],
    },
  ];
}
