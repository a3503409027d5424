import type { RunConfig } from '../config/schema.js';
import { timeWindow } from '../config/window.js';
import { CHANNEL_IDENTIFIERS, meanRecencyDays, ON_THE_AD } from '../gen/observed-through.js';
import { INACTIVE_AFTER_DAYS } from '../gen/identifiers.js';
import { CHANNELS, IDENTIFIER_TYPES, RESPONSE_TYPES } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { engagementsNotObserved, exposuresNotObserved, responsesNotObserved } from './observed-through-sql.js';
import { type Rule, shareRule } from './rule.js';
import { peopleSubset } from './subset.js';

/**
 * Identifiers and what is observed through them. An identity graph exists because events carry
 * identifiers: every engagement, exposure and response must be attributable to an identifier of
 * the right kind that was seen at that moment (the kinds are src/gen/observed-through.ts).
 */
export function identityRules(config: RunConfig, d: SqlDialect = duckdbDialect): Rule[] {
  const T = d.qualify;
  // recency_follows_activity is an estimate: over a subset of people at scale (subset.ts).
  const S = peopleSubset(config, d);
  const asOf = timeWindow(config).asOfMicros;
  const recent = d.timestampFromMicros(asOf - INACTIVE_AFTER_DAYS * 86_400_000_000);
  const p = config.identifiers.inactiveShare;
  const channelText = CHANNELS.map(
    (ch, i) => `${ch} → ${CHANNEL_IDENTIFIERS[i].map((k) => IDENTIFIER_TYPES[k]).join('/')}`,
  ).join(', ');
  const onTheAd = RESPONSE_TYPES.filter((_, i) => ON_THE_AD[i]);
  const { heavyPerDay, moderatePerDay } = config.audience;
  // Time since last seen shrinks with use (meanRecencyDays): the gap between someone holding one id of
  // each kind at the Light/Moderate boundary and at the Heavy one; Light vs Heavy Users show at least half of it.
  const oneOfEach = IDENTIFIER_TYPES.map((_, t) => t);
  // The generator caps the exponential draw at INACTIVE_AFTER_DAYS − 1 = c: E[min(X, c)] = m(1 − e^(−c/m)).
  const cap = INACTIVE_AFTER_DAYS - 1;
  const meanRecency = (perDay: number) =>
    meanRecencyDays(oneOfEach, perDay).reduce((sum, m) => sum + m * (1 - Math.exp(-cap / m)), 0) / oneOfEach.length;
  const boundaryRatio = heavyPerDay > 0 ? meanRecency(moderatePerDay) / meanRecency(heavyPerDay) : 1;
  const recencyRatio = 1 + 0.5 * (boundaryRatio - 1);
  const cls = (c: string) => `behavioral_classification = ${d.literal(c)}`;
  const meanDays = (c: string) => `${d.aggFilter('avg(days)', cls(c))}`;
  return [
    {
      id: 'content_engagements.observed_through_identifier',
      table: 'content_engagements',
      kind: 'violations',
      description:
        "each engagement is observed through an identifier of its device's kind (mobile → mobile_ad_id, desktop → cookie_id, tablet → device_id, ctv → ctv_id) with first_seen ≤ timestamp ≤ last_seen",
      sql: engagementsNotObserved(d, T('content_engagements'), T('identity_mappings')),
    },
    {
      id: 'campaign_exposures.observed_through_identifier',
      table: 'campaign_exposures',
      kind: 'violations',
      description: `each exposure is delivered through an identifier of its channel's kind (${channelText}) with first_seen ≤ exposure_timestamp ≤ last_seen: an ad reaches a person only through an id the graph sees`,
      sql: exposuresNotObserved(d, T('campaign_exposures'), T('identity_mappings')),
    },
    {
      id: 'response_events.observed_through_identifier',
      table: 'response_events',
      kind: 'violations',
      description: `each response is observed through an identifier seen at response_timestamp (first_seen ≤ t ≤ last_seen): ${onTheAd.join(' and ')} happen on the ad, through an id of its exposure's channel kind; the others on the advertiser's site or app, through any of the person's ids (cross-device matching)`,
      sql: responsesNotObserved(
        d,
        { responses: T('response_events'), exposures: T('campaign_exposures'), mappings: T('identity_mappings') },
        onTheAd,
      ),
    },
    {
      id: 'identity_mappings.recency_follows_activity',
      table: 'identity_mappings',
      kind: 'figure',
      description: `mean days since an active identifier was last seen, Light Users ÷ Heavy Users > ${recencyRatio.toFixed(2)}: last_seen comes from use, and an id is seen (ad requests, pixels, logins) as often as its owner is online${S.note}`,
      sql: `SELECT ${meanDays('Light User')} / NULLIF(${meanDays('Heavy User')}, 0) AS figure,
          least(${d.aggFilter('count(*)', cls('Light User'))}, ${d.aggFilter('count(*)', cls('Heavy User'))}) AS n
        FROM (SELECT a.behavioral_classification, (${asOf} - ${d.epochMicros('m.last_seen')}) / 8.64e10 AS days
          FROM ${T('identity_mappings')} m JOIN ${T('audience_attributes')} a ON a.individual_id = m.individual_id WHERE m.active${S.and('m.individual_id')}) x`,
      expect: () => [recencyRatio, Infinity],
      // ≥ 50 active identifiers in the smaller of the two classes.
      minN: 50,
      ...(boundaryRatio < 1.5 || config.engagement.perPersonPerDay === 0
        ? {
            skipWhen:
              'Light and Heavy Users would be seen about as recently (audience thresholds close, or so active that ids are seen within hours either way) or no engagement configured',
          }
        : {}),
    },
    {
      id: 'identity_mappings.active_means_recent',
      table: 'identity_mappings',
      kind: 'violations',
      description: `active = true exactly when last_seen is within ${INACTIVE_AFTER_DAYS} days of the as-of time (ad-tech convention: ids unseen for 30–90 days are treated as stale)`,
      sql: `SELECT mapping_id AS id FROM ${T('identity_mappings')} WHERE active <> (last_seen >= ${recent})`,
    },
    // Judged as each person entered the graph (their row's created_at is that drop's asOf), like
    // avg_identifiers_per_person: in a base exactly NOT active; over base + increments the share
    // the config set, while later ones age (ids used rarely go unseen for 45 days, new ones
    // appear) and active_means_recent still holds exactly for every row.
    shareRule(d)(
      'identity_mappings.inactive_share',
      'identity_mappings',
      'share of identifiers inactive (as each person entered the graph)',
      p,
      `${d.epochMicros('m.last_seen')} < ${d.epochMicros('i.created_at')} - ${INACTIVE_AFTER_DAYS * 86_400_000_000}`,
      `FROM ${T('identity_mappings')} m JOIN ${T('individuals')} i ON i.individual_id = m.individual_id WHERE m.first_seen < i.created_at`,
      'identifiers.inactiveShare: cookies and device ids churn (cookie deletion, device replacement)',
    ),
  ];
}
