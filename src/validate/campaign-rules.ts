import type { RunConfig } from '../config/schema.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule } from './rule.js';

/**
 * Campaign delivery: who is reached, when, on what, at what cost, and how outcomes are credited.
 * Thresholds come from the config, so any config the schema accepts can pass.
 */
export function campaignRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  const off = config.campaigns.offTargetShare;
  const onTarget = d.hasAny(
    'c.target_segment',
    d.prepend('a.segment_primary', `coalesce(a.segment_secondary, ${d.emptyStringList})`),
  );
  // Relative 4-SE band of a ratio of two reach shares; n counts reached on-target (person, campaign)
  // pairs, and at least n·off pairs are reached off target when a minority of pairs is on target.
  const relTol = (n: number) => 4 * Math.sqrt((off > 0 ? 1 / (n * off) : 0) + 1 / Math.max(1, n)) + 0.05;
  return [
    {
      id: 'campaign_exposures.on_target',
      table: 'campaign_exposures',
      kind: 'figure',
      description: `reach of people outside a campaign's target segments ÷ reach inside ≈ campaigns.offTargetShare (${off}): ad buys are targeted, with some broad/lookalike spill (industry practice: audience-targeted programmatic buying)`,
      sql: `SELECT (sum(CASE WHEN on_target THEN 0.0 ELSE exposed END) / NULLIF(sum(CASE WHEN on_target THEN 0.0 ELSE 1.0 END), 0))
          / NULLIF(sum(CASE WHEN on_target THEN exposed ELSE 0.0 END) / NULLIF(sum(CASE WHEN on_target THEN 1.0 ELSE 0.0 END), 0), 0) AS figure,
        sum(CASE WHEN on_target THEN exposed ELSE 0.0 END) AS n
        FROM (SELECT ${onTarget} AS on_target, CASE WHEN x.individual_id IS NULL THEN 0.0 ELSE 1.0 END AS exposed
          FROM ${T('audience_attributes')} a CROSS JOIN ${T('campaigns')} c
          LEFT JOIN (SELECT DISTINCT individual_id, campaign_id FROM ${T('campaign_exposures')}) x
            ON x.individual_id = a.individual_id AND x.campaign_id = c.campaign_id) AS pairs`,
      expect: (n) => (off === 0 ? [0, 0] : [off * (1 - relTol(n)), off * (1 + relTol(n))]),
      // Judged once the band is narrower than ±50% of the expected ratio.
      minN: off === 0 ? 1 : Math.ceil((4 / 0.45) ** 2 * (1 / off + 1)),
    },
  ];
}
