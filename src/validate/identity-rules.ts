import type { RunConfig } from '../config/schema.js';
import { timeWindow } from '../config/window.js';
import { DEVICE_IDENTIFIER } from '../gen/engagements.js';
import { INACTIVE_AFTER_DAYS } from '../gen/identifiers.js';
import { DEVICE_TYPES, IDENTIFIER_TYPES } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { type Rule, shareRule } from './rule.js';

/**
 * Identifiers and what is observed through them. An identity graph exists because events carry
 * identifiers: every engagement must be attributable to an identifier of its device's kind that
 * was seen at that moment.
 */
export function identityRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  const kind = `CASE e.device_type ${DEVICE_TYPES.map((dev, i) => `WHEN ${d.literal(dev)} THEN ${d.literal(IDENTIFIER_TYPES[DEVICE_IDENTIFIER[i]])}`).join(' ')} END`;
  const asOf = timeWindow(config).asOfMicros;
  const recent = d.timestampFromMicros(asOf - INACTIVE_AFTER_DAYS * 86_400_000_000);
  const p = config.identifiers.inactiveShare;
  return [
    {
      id: 'content_engagements.observed_through_identifier',
      table: 'content_engagements',
      kind: 'violations',
      description:
        "each engagement is observed through an identifier of its device's kind (mobile → mobile_ad_id, desktop → cookie_id, tablet → device_id, ctv → ctv_id) with first_seen ≤ timestamp ≤ last_seen",
      sql: `SELECT e.event_id AS id FROM ${T('content_engagements')} e WHERE NOT EXISTS (
        SELECT 1 FROM ${T('identity_mappings')} m WHERE m.individual_id = e.individual_id AND m.identifier_type = ${kind}
          AND e.${d.ident('timestamp')} BETWEEN m.first_seen AND m.last_seen)`,
    },
    {
      id: 'identity_mappings.active_means_recent',
      table: 'identity_mappings',
      kind: 'violations',
      description: `active = true exactly when last_seen is within ${INACTIVE_AFTER_DAYS} days of the as-of time (ad-tech convention: ids unseen for 30–90 days are treated as stale)`,
      sql: `SELECT mapping_id AS id FROM ${T('identity_mappings')} WHERE active <> (last_seen >= ${recent})`,
    },
    shareRule(d)(
      'identity_mappings.inactive_share',
      'identity_mappings',
      'share of identifiers inactive',
      p,
      'NOT active',
      undefined,
      'identifiers.inactiveShare: cookies and device ids churn (cookie deletion, device replacement)',
    ),
  ];
}
