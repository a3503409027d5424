import type { RunConfig } from '../config/schema.js';
import { COST_SIGMA } from '../gen/campaign-activity.js';
import { CHANNELS } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule, SharedAggregate } from './rule.js';
import { exposuresByChannel, sharedRef } from './shared-aggregates.js';
import { peopleSubset } from './subset.js';

/**
 * Campaign delivery: who is reached, when, on what, at what cost, and how outcomes are credited.
 * Thresholds come from the config, so any config the schema accepts can pass.
 */
export function campaignRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  // Estimates over a subset of people at scale (subset.ts): reach on/off target, volume by activity.
  const S = peopleSubset(config, d);
  const off = config.campaigns.offTargetShare;
  const onTarget = d.hasAny(
    'c.target_segment',
    d.prepend('a.segment_primary', `coalesce(a.segment_secondary, ${d.emptyStringList})`),
  );
  // Relative 4-SE band of a ratio of two reach shares; n counts reached on-target (person, campaign)
  // pairs, and at least n·off pairs are reached off target when a minority of pairs is on target.
  const relTol = (n: number) => 4 * Math.sqrt((off > 0 ? 1 / (n * off) : 0) + 1 / Math.max(1, n)) + 0.05;
  const model = config.responses.attributionModel;
  const halfLifeMicros = config.responses.decayHalfLifeHours * 3.6e9;
  // One row per outcome with its path (person, campaign), time order, and whether it is credited:
  // four rules read it, so the DuckDB runner computes it once (shared-aggregates.ts).
  const touchesAgg: SharedAggregate = {
    name: 'outcome_touches',
    sql: `SELECT o.outcome_id, o.conversion_status, o.revenue, o.attribution_weight, r.individual_id, o.campaign_id,
      ${d.epochMicros('r.response_timestamp')} AS t, r.response_id, r.value,
      CASE WHEN o.conversion_status <> 'no_action' OR max(CASE WHEN o.conversion_status <> 'no_action' THEN 1 ELSE 0 END)
        OVER (PARTITION BY r.individual_id, o.campaign_id) = 0 THEN 1 ELSE 0 END AS credited
    FROM ${T('outcome_metrics')} o JOIN ${T('response_events')} r ON r.response_id = o.response_id`,
  };
  const touches = sharedRef(touchesAgg);
  const path = 'PARTITION BY individual_id, campaign_id, credited';
  const order = 'ORDER BY t, response_id';
  const expectedWeight = {
    first_touch: `CASE WHEN row_number() OVER (${path} ${order}) = 1 THEN 1.0 ELSE 0.0 END`,
    last_touch: `CASE WHEN row_number() OVER (${path} ORDER BY t DESC, response_id DESC) = 1 THEN 1.0 ELSE 0.0 END`,
    linear: `1.0 / count(*) OVER (${path})`,
    time_decay: `power(2.0, -(t_last - t) / ${halfLifeMicros}) / sum(power(2.0, -(t_last - t) / ${halfLifeMicros})) OVER (${path})`,
  }[model];
  const { heavyPerDay, moderatePerDay } = config.audience;
  // Digital ad load grows with the square root of activity: Heavy vs Light users at least half that gap.
  const volumeRatio = moderatePerDay > 0 ? 1 + 0.5 * (Math.sqrt(heavyPerDay / moderatePerDay) - 1) : 1;
  const perClass = (cls: string) =>
    `${d.aggFilter('sum(x)', `behavioral_classification = ${d.literal(cls)}`)} / NULLIF(${d.aggFilter('count(*)', `behavioral_classification = ${d.literal(cls)}`)}, 0)`;
  // Exposure cost = CPM/1000 × frequency × lognormal(σ = COST_SIGMA) noise, so the effective CPM's mean is CPM·e^(σ²/2).
  const byChannel = exposuresByChannel(d);
  const cpmRules: Rule[] = CHANNELS.map((ch) => {
    const cpm = config.campaigns.cpm[ch];
    const mean = cpm * Math.exp((COST_SIGMA * COST_SIGMA) / 2);
    const sd = mean * Math.sqrt(Math.exp(COST_SIGMA * COST_SIGMA) - 1);
    return {
      id: `campaign_exposures.cpm_${ch}`,
      table: 'campaign_exposures',
      kind: 'figure',
      description: `effective CPM of ${ch} (1000 × cost ÷ frequency) ≈ $${mean.toFixed(2)}: campaigns.cpm.${ch} = ${cpm} (industry CPM benchmarks: email ~$1–2, display ~$2–5, social ~$7–10, online video ~$15–25, CTV ~$25–40)`,
      // The mean per channel is computed once for all channels (shared-aggregates.ts).
      sql: `SELECT max(cpm) AS figure, coalesce(sum(c), 0) AS n FROM ${sharedRef(byChannel)} b WHERE channel = ${d.literal(ch)}`,
      shared: [byChannel],
      // Costs are stored to 1/100 of a cent: ±0.05 on the CPM for rounding.
      expect: (n: number) => {
        const tol = (4 * sd) / Math.sqrt(Math.max(1, n)) + 0.02 * mean + 0.05;
        return [mean - tol, mean + tol] as [number, number];
      },
      minN: 30,
    };
  });
  return [
    ...cpmRules,
    {
      id: 'campaign_exposures.email_needs_email_id',
      table: 'campaign_exposures',
      kind: 'violations',
      description: 'email exposures only reach people with an email_hash identifier (an email is sent to an address)',
      sql: `SELECT e.exposure_id AS id FROM ${T('campaign_exposures')} e WHERE e.channel = 'email' AND NOT EXISTS (
        SELECT 1 FROM ${T('identity_mappings')} m WHERE m.individual_id = e.individual_id AND m.identifier_type = 'email_hash')`,
    },
    {
      id: 'campaign_exposures.volume_follows_activity',
      table: 'campaign_exposures',
      kind: 'figure',
      description: `digital exposures per Heavy User ÷ per Light User > ${volumeRatio.toFixed(2)}: ads are served where people spend time online (programmatic buying follows impressions)${S.note}`,
      sql: `SELECT (${perClass('Heavy User')}) / NULLIF(${perClass('Light User')}, 0) AS figure,
          least(${d.aggFilter('count(*)', "behavioral_classification = 'Heavy User'")}, ${d.aggFilter('count(*)', "behavioral_classification = 'Light User'")}) AS n
        FROM (SELECT a.behavioral_classification, coalesce(e.x, 0) AS x FROM ${T('audience_attributes')} a
          LEFT JOIN (SELECT individual_id, count(*) AS x FROM ${T('campaign_exposures')} WHERE channel <> 'email'${S.and('individual_id')} GROUP BY individual_id) e
            ON e.individual_id = a.individual_id${S.where('a.individual_id')}) p`,
      expect: () => [volumeRatio, Infinity],
      // ≥ 50 people in the smaller of the two classes.
      minN: 50,
      ...(heavyPerDay < 1.5 * moderatePerDay || config.engagement.perPersonPerDay === 0
        ? { skipWhen: 'audience thresholds too close (heavyPerDay < 1.5 × moderatePerDay) or no engagement configured' }
        : {}),
    },
    {
      id: 'outcome_metrics.no_revenue_without_action',
      table: 'outcome_metrics',
      kind: 'violations',
      description:
        "no revenue on 'no_action'; an 'engaged' outcome carries revenue only as its attributed share of a path that converted (README: touches and paths)",
      sql: `SELECT outcome_id AS id FROM ${touches} p
        WHERE revenue IS NOT NULL AND (conversion_status = 'no_action' OR NOT EXISTS (
          SELECT 1 FROM ${T('response_events')} c WHERE c.individual_id = p.individual_id AND c.campaign_id = p.campaign_id AND c.value IS NOT NULL))`,
      shared: [touchesAgg],
    },
    {
      id: 'outcome_metrics.revenue_is_path_value',
      table: 'outcome_metrics',
      kind: 'violations',
      description: "a converted path's revenue adds up to its conversions' value (to the cent per touch)",
      sql: `SELECT ${d.concatIds(['individual_id', 'campaign_id'])} AS id FROM ${touches} p GROUP BY individual_id, campaign_id
        HAVING sum(value) IS NOT NULL AND abs(coalesce(sum(revenue), 0) - sum(value)) > 0.01 * count(*)`,
      shared: [touchesAgg],
    },
    {
      id: 'outcome_metrics.weights_follow_model',
      table: 'outcome_metrics',
      kind: 'violations',
      description: `attribution_weight is the ${model} weight of the touch among its path's credited touches (0 for no_action)`,
      sql: `SELECT outcome_id AS id FROM (SELECT *, CASE WHEN credited = 1 THEN ${expectedWeight} ELSE 0.0 END AS expected
          FROM (SELECT *, max(t) OVER (${path}) AS t_last FROM ${touches} p) l) w
        WHERE abs(attribution_weight - expected) > 1e-9`,
      shared: [touchesAgg],
    },
    {
      id: 'outcome_metrics.multi_touch_paths',
      table: 'outcome_metrics',
      kind: 'figure',
      description:
        'share of paths with ≥ 2 credited touches > 3%: a click or visit leads to a later conversion often enough (funnel) that attribution models give visibly different weights',
      sql: `SELECT avg(CASE WHEN k >= 2 THEN 1.0 ELSE 0.0 END) AS figure, count(*) AS n
        FROM (SELECT individual_id, campaign_id, sum(credited) AS k FROM ${touches} p GROUP BY 1, 2) paths`,
      expect: () => [0.03, 1],
      // ≥ 10 expected multi-touch paths at the threshold.
      minN: Math.ceil(10 / 0.03),
      shared: [touchesAgg],
    },
    {
      id: 'campaign_exposures.on_target',
      table: 'campaign_exposures',
      kind: 'figure',
      description: `reach of people outside a campaign's target segments ÷ reach inside ≈ campaigns.offTargetShare (${off}): ad buys are targeted, with some broad/lookalike spill (industry practice: audience-targeted programmatic buying)${S.note}`,
      // Mantel–Haenszel ratio over campaigns: a campaign's reach in a drop varies with the share of
      // its flight inside the window (a campaign running across increments), which pooling would
      // mix with each campaign's on/off-target make-up; with equal reach it is the pooled ratio's estimate.
      // Whether a (person, campaign) pair is on target depends on the person only through their
      // segments, so people are counted per segment combination and reached pairs per campaign and
      // combination, each paired with its campaign(s): campaigns × combinations rows, not campaigns × people.
      // Combinations are numbered (a few thousand rows), and reached pairs counted per campaign and
      // number: grouping millions of pairs by the segment strings and list cost twice the CPU.
      // Reached pairs by GROUP BY, not DISTINCT: with DISTINCT DuckDB 1.5 grouped all 38M exposures of 1M
      // households before the subset's filter (16M groups, 2.5 s); grouped after it, 0.3 s.
      sql: `WITH combos AS (SELECT segment_primary, segment_secondary, people,
            row_number() OVER (ORDER BY segment_primary, segment_secondary) AS combo
          FROM (SELECT segment_primary, segment_secondary, CAST(count(*) AS DOUBLE) AS people FROM ${T('audience_attributes')}${S.where('individual_id')}
            GROUP BY segment_primary, segment_secondary) g),
        person_combo AS (SELECT p.individual_id, k.combo FROM ${T('audience_attributes')} p JOIN combos k
          ON p.segment_primary IS NOT DISTINCT FROM k.segment_primary AND p.segment_secondary IS NOT DISTINCT FROM k.segment_secondary${S.where('p.individual_id')})
        SELECT sum(off_x * on_n / (on_n + off_n)) / NULLIF(sum(on_x * off_n / (on_n + off_n)), 0) AS figure, sum(on_x) AS n
        FROM (SELECT campaign_id, sum(CASE WHEN on_target THEN 0.0 ELSE exposed END) AS off_x, sum(CASE WHEN on_target THEN 0.0 ELSE people END) AS off_n,
            sum(CASE WHEN on_target THEN exposed ELSE 0.0 END) AS on_x, sum(CASE WHEN on_target THEN people ELSE 0.0 END) AS on_n
          FROM (SELECT c.campaign_id, ${onTarget} AS on_target, a.people, 0.0 AS exposed
              FROM combos a CROSS JOIN ${T('campaigns')} c
            UNION ALL
            SELECT c.campaign_id, ${onTarget} AS on_target, 0.0 AS people, x.exposed
              FROM (SELECT r.campaign_id, p.combo, CAST(count(*) AS DOUBLE) AS exposed
                FROM (SELECT individual_id, campaign_id FROM ${T('campaign_exposures')}${S.where('individual_id')} GROUP BY individual_id, campaign_id) r
                JOIN person_combo p ON p.individual_id = r.individual_id
                GROUP BY r.campaign_id, p.combo) x
              JOIN combos a ON a.combo = x.combo
              JOIN ${T('campaigns')} c ON c.campaign_id = x.campaign_id) AS pairs
          GROUP BY campaign_id) AS per_campaign`,
      expect: (n) => (off === 0 ? [0, 0] : [off * (1 - relTol(n)), off * (1 + relTol(n))]),
      // Judged once the band is narrower than ±50% of the expected ratio.
      minN: off === 0 ? 1 : Math.ceil((4 / 0.45) ** 2 * (1 / off + 1)),
    },
  ];
}
