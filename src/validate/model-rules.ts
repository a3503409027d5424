import type { RunConfig } from '../config/schema.js';
import { timeWindow } from '../config/window.js';
import { CHANNELS, CONTENT_CATEGORIES, SEGMENTS } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule, ViolationsRule } from './rule.js';
import { engagementsByPerson, sharedRef } from './shared-aggregates.js';

/** The data model's "Validation Rules" bullets and its four validation queries, as SQL. */
export function modelRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const w = timeWindow(config);
  const { identifiers, audience, campaigns } = config;
  const { list, len, contains, filter } = d;
  const ts = d.timestampFromMicros;
  const dropped = CHANNELS.filter((c) => campaigns.channels[c] === 0);
  // Table names in the rule text below are this dialect's references (bare in DuckDB).
  const [
    households,
    individuals,
    identityMappings,
    engagements,
    viewership,
    audienceAttributes,
    campaignsT,
    exposures,
    responses,
    outcomes,
  ] = [
    'households',
    'individuals',
    'identity_mappings',
    'content_engagements',
    'viewership_patterns',
    'audience_attributes',
    'campaigns',
    'campaign_exposures',
    'response_events',
    'outcome_metrics',
  ].map(d.qualify);
  const tsCol = d.ident('timestamp');
  // Engagements per person (totals, latest, top 3), computed once for the rules that read it (shared-aggregates.ts).
  const byPerson = engagementsByPerson(d);
  const v = (table: string, id: string, description: string, sql: string): ViolationsRule => ({
    id: `${table}.${id}`,
    table,
    kind: 'violations',
    description,
    sql,
  });
  /** A rule only DuckDB can express: elsewhere it carries no SQL and is reported as skipped. */
  const duckdbOnly = (rule: Rule, reason: string): Rule =>
    d.name === 'duckdb' ? rule : { ...rule, sql: '', duckdbOnly: reason };
  return [
    // The four validation queries of the data model (each expects 0, or ~mean for coverage).
    v(
      'individuals',
      'orphaned_individuals',
      'validation query: individuals without a household',
      `SELECT i.individual_id AS id FROM ${individuals} i LEFT JOIN ${households} h ON i.household_id = h.household_id WHERE h.household_id IS NULL`,
    ),
    v(
      'response_events',
      'temporal_violations',
      'validation query: response_timestamp < exposure_timestamp',
      `SELECT response_id AS id FROM ${responses} WHERE response_timestamp < exposure_timestamp`,
    ),
    {
      id: 'identity_mappings.avg_identifiers_per_person',
      table: 'identity_mappings',
      kind: 'figure',
      // Counted as a person entered the graph (first seen before their row's created_at): identifiers
      // that appear later come from an increment's churn (README: Incremental drops); in a base, all count.
      description: `validation query: average identifiers per person ≈ ${identifiers.mean} (as each person entered the graph)`,
      sql: `SELECT avg(id_count) AS figure, count(*) AS n FROM (SELECT m.individual_id, COUNT(*) AS id_count FROM ${identityMappings} m
        JOIN ${individuals} i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at GROUP BY m.individual_id)`,
      expect: (n) => {
        const tol = (4 * 2) / Math.sqrt(Math.max(1, n)) + 0.05;
        return [identifiers.mean - tol, identifiers.mean + tol];
      },
      // Judged once the band is within ±25% of the mean (n ≥ 30 for the normal approximation).
      minN: Math.max(30, Math.ceil((8 / (0.25 * identifiers.mean)) ** 2)),
    },
    v(
      'campaign_exposures',
      'out_of_campaign_period',
      'validation query: exposure outside its campaign flight',
      // Compared as epoch micros, the flight's bounds computed once per campaign: comparing the
      // exposure's instant with a zone-less TIMESTAMP made DuckDB cast every row through ICU.
      `SELECT e.exposure_id AS id FROM ${exposures} e JOIN (SELECT campaign_id, ${d.epochMicros('CAST(start_date AS TIMESTAMP)')} AS starts,
         ${d.epochMicros('CAST(end_date AS TIMESTAMP) + INTERVAL 1 DAY')} AS ends FROM ${campaignsT}) c ON e.campaign_id = c.campaign_id
       WHERE ${d.epochMicros('e.exposure_timestamp')} < c.starts OR ${d.epochMicros('e.exposure_timestamp')} > c.ends`,
    ),

    v(
      'households',
      'size_matches_members',
      'household_size equals its number of individuals',
      `SELECT h.household_id AS id FROM ${households} h LEFT JOIN (SELECT household_id, count(*) n FROM ${individuals} GROUP BY 1) i USING (household_id) WHERE h.household_size <> coalesce(i.n, 0)`,
    ),
    v(
      'identity_mappings',
      'identifiers_per_person',
      `each individual has ${identifiers.min}–${identifiers.max} identifiers`,
      `SELECT i.individual_id AS id FROM ${individuals} i LEFT JOIN (SELECT individual_id, count(*) n FROM ${identityMappings} GROUP BY 1) m USING (individual_id) WHERE coalesce(m.n, 0) NOT BETWEEN ${identifiers.min} AND ${identifiers.max}`,
    ),
    v(
      'content_engagements',
      'in_window',
      `timestamp within the configured window [${new Date(w.startMicros / 1000).toISOString()}, ${new Date(w.endMicros / 1000).toISOString()})`,
      `SELECT event_id AS id FROM ${engagements} WHERE ${tsCol} < ${ts(w.startMicros)} OR ${tsCol} >= ${ts(w.endMicros)}`,
    ),
    v(
      'content_engagements',
      'duration_iff_view',
      'duration_seconds set for views, NULL otherwise',
      `SELECT event_id AS id FROM ${engagements} WHERE (engagement_type = 'view') <> (duration_seconds IS NOT NULL)`,
    ),
    {
      ...v(
        'viewership_patterns',
        'matches_engagements',
        'total, recency and daily average match content_engagements',
        `SELECT v.individual_id AS id FROM ${viewership} v LEFT JOIN ${sharedRef(byPerson)} e USING (individual_id)
       WHERE e.n IS NULL OR v.total_engagements <> e.n OR v.recency_last_engagement <> e.last_ts OR abs(v.frequency_daily_avg - e.n / ${w.days}) > 1e-9`,
      ),
      shared: [byPerson],
    },
    // Ranked in the shared aggregate (max_by over count and category order; ties impossible).
    duckdbOnly(
      {
        ...v(
          'viewership_patterns',
          'top3_categories',
          'preferred_categories are the top 3 categories by count',
          `SELECT v.individual_id AS id FROM ${viewership} v JOIN ${sharedRef(byPerson)} e USING (individual_id) WHERE v.preferred_categories <> e.top3`,
        ),
        shared: [byPerson],
      },
      'needs an ordered list aggregate with ties broken by category order',
    ),
    v(
      'audience_attributes',
      'affinity_keys',
      'affinity_scores keys are valid content categories',
      `SELECT attribute_id AS id FROM ${audienceAttributes} WHERE ${len(filter('map_keys(affinity_scores)', `k -> NOT ${contains(list(CONTENT_CATEGORIES), 'k')}`))} > 0`,
    ),
    v(
      'audience_attributes',
      'affinity_sum',
      'affinity_scores values in 0..1 and sum to 1.0',
      `SELECT attribute_id AS id FROM ${audienceAttributes} WHERE abs(${d.listSum('map_values(affinity_scores)')} - 1) > 1e-6 OR ${d.listMin('map_values(affinity_scores)')} < 0 OR ${d.listMax('map_values(affinity_scores)')} > 1`,
    ),
    v(
      'audience_attributes',
      'classification_thresholds',
      `behavioral_classification follows frequency_daily_avg (heavy ≥ ${audience.heavyPerDay}, moderate ≥ ${audience.moderatePerDay}, churned after ${audience.churnDays} quiet days)`,
      `SELECT a.attribute_id AS id FROM ${audienceAttributes} a LEFT JOIN ${viewership} v USING (individual_id)
       WHERE a.behavioral_classification <> CASE
         WHEN v.individual_id IS NULL OR v.recency_last_engagement < ${ts(w.endMicros - audience.churnDays * 86_400_000_000)} THEN 'Churned'
         WHEN v.frequency_daily_avg >= ${audience.heavyPerDay} THEN 'Heavy User'
         WHEN v.frequency_daily_avg >= ${audience.moderatePerDay} THEN 'Moderate User' ELSE 'Light User' END`,
    ),
    v(
      'campaigns',
      'duration',
      // No flight is cut to a window any more (a flight runs on into the next drops, src/gen/campaigns.ts),
      // so a window shorter than campaigns.minDays no longer excuses a shorter flight.
      `campaign flights last ${campaigns.minDays}–${campaigns.maxDays} days`,
      `SELECT campaign_id AS id FROM ${campaignsT} WHERE (${d.daysBetween('start_date', 'end_date')} + 1) NOT BETWEEN ${campaigns.minDays} AND ${campaigns.maxDays}`,
    ),
    v(
      'campaigns',
      'target_segments',
      'target_segment values are valid segments',
      `SELECT campaign_id AS id FROM ${campaignsT} WHERE ${len('target_segment')} = 0 OR ${len(filter('target_segment', `s -> NOT ${contains(list(SEGMENTS), 's')}`))} > 0`,
    ),
    v(
      'campaigns',
      'has_channel',
      dropped.length
        ? `at least one channel, none of those weighted 0 in campaigns.channels (${dropped.join(', ')})`
        : 'at least one channel',
      `SELECT campaign_id AS id FROM ${campaignsT} WHERE ${len('channels')} = 0${dropped.length ? ` OR ${len(filter('channels', `c -> ${contains(list(dropped), 'c')}`))} > 0` : ''}`,
    ),
    {
      ...v(
        'campaign_exposures',
        'channel_in_campaign',
        "channel is one of the campaign's channels",
        `SELECT e.exposure_id AS id FROM ${exposures} e JOIN ${campaignsT} c USING (campaign_id) WHERE NOT ${contains('c.channels', 'e.channel')}`,
      ),
      // The same test on each (campaign, channel) pair once: 0.6 → 0.1 s for 38M exposures of 1M households.
      proof: `SELECT count(*) AS bad FROM (SELECT campaign_id, channel FROM ${exposures} GROUP BY campaign_id, channel) e
        JOIN ${campaignsT} c USING (campaign_id) WHERE NOT ${contains('c.channels', 'e.channel')}`,
    },
    v(
      'response_events',
      'prior_exposure',
      'exposure_id is a prior exposure of the same individual and campaign, with its timestamp',
      `SELECT r.response_id AS id FROM ${responses} r LEFT JOIN ${exposures} e ON r.exposure_id = e.exposure_id
       WHERE r.exposure_id IS NOT NULL AND (e.exposure_id IS NULL OR e.individual_id <> r.individual_id OR e.campaign_id <> r.campaign_id
         OR e.exposure_timestamp <> r.exposure_timestamp OR e.exposure_timestamp > r.response_timestamp)`,
    ),
    v(
      'response_events',
      'time_to_conversion',
      'time_to_conversion_hours = (response_timestamp − exposure_timestamp) / 3600',
      `SELECT response_id AS id FROM ${responses} WHERE exposure_timestamp IS NOT NULL
       AND abs(time_to_conversion_hours - (${d.epochMicros('response_timestamp')} - ${d.epochMicros('exposure_timestamp')}) / 3.6e9) > 1e-6`,
    ),
    v(
      'outcome_metrics',
      'revenue_when_converted',
      "revenue present when conversion_status = 'converted', and status matches the response",
      `SELECT o.outcome_id AS id FROM ${outcomes} o JOIN ${responses} r USING (response_id)
       WHERE (o.conversion_status = 'converted' AND o.revenue IS NULL) OR ((o.conversion_status = 'converted') <> (r.response_type = 'conversion'))`,
    ),
    v(
      'outcome_metrics',
      'attribution_sums_to_one',
      'attribution_weight sums to 1.0 over each (individual, campaign) path',
      `SELECT ${d.concatIds(['r.individual_id', 'o.campaign_id'])} AS id FROM ${outcomes} o JOIN ${responses} r USING (response_id)
       GROUP BY r.individual_id, o.campaign_id HAVING abs(sum(o.attribution_weight) - 1) > 1e-9`,
    ),
  ];
}
