import type { RunConfig } from '../config/schema.js';
import { timeWindow } from '../config/window.js';
import { CHANNEL_IDENTIFIERS, DEVICE_IDENTIFIER, meanRecencyDays, ON_THE_AD } from '../gen/observed-through.js';
import { INACTIVE_AFTER_DAYS } from '../gen/identifiers.js';
import { CHANNELS, DEVICE_TYPES, IDENTIFIER_TYPES, RESPONSE_TYPES } from '../schema/domains.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import { channelClasses } from './channel-classes.js';
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
  // "Observed through" rules are anti-joins written as LEFT JOIN … WHERE m.individual_id IS NULL
  // (m.individual_id is never NULL on a match: it equals the event's): an event no mapping
  // matches is kept, one matching any number of mappings is not, as with NOT EXISTS. Every join
  // condition is a comparison (person, kind or channel, time range), so engines hash-join on the
  // equalities and filter the range: the correlated NOT EXISTS made DuckDB group every event
  // first (16× slower at 100K households), and an OR in the condition makes it a nested loop.
  const kind = `CASE e.device_type ${DEVICE_TYPES.map((dev, i) => `WHEN ${d.literal(dev)} THEN ${d.literal(IDENTIFIER_TYPES[DEVICE_IDENTIFIER[i]])}`).join(' ')} END`;
  const asOf = timeWindow(config).asOfMicros;
  const recent = d.timestampFromMicros(asOf - INACTIVE_AFTER_DAYS * 86_400_000_000);
  const p = config.identifiers.inactiveShare;
  /**
   * Each identity_mappings row once per channel its kind delivers (`via`), and once more with
   * via '*' whatever its kind: a channel becomes a join key.
   */
  const pairs = CHANNELS.flatMap((ch, i) =>
    CHANNEL_IDENTIFIERS[i].map((k) => `(${d.literal(ch)}, ${d.literal(IDENTIFIER_TYPES[k])})`),
  );
  const mappingsVia = `SELECT m.individual_id, k.via, m.first_seen, m.last_seen FROM ${T('identity_mappings')} m
          JOIN (VALUES ${pairs.join(', ')}) AS k(via, identifier_type) ON k.identifier_type = m.identifier_type
          UNION ALL SELECT individual_id, '*' AS via, first_seen, last_seen FROM ${T('identity_mappings')}`;
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
      sql: `SELECT e.event_id AS id FROM ${T('content_engagements')} e LEFT JOIN ${T('identity_mappings')} m
        ON m.individual_id = e.individual_id AND m.identifier_type = ${kind} AND e.${d.ident('timestamp')} BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL`,
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
      // Only the exposures responses point to are joined (a semi-join on response_events first):
      // hashing all exposures' ids to look up a few responses cost twice as much CPU.
      sql: `SELECT r.response_id AS id FROM ${T('response_events')} r
        LEFT JOIN (SELECT exposure_id, channel FROM ${T('campaign_exposures')} WHERE exposure_id IN (SELECT exposure_id FROM ${T('response_events')})) e ON e.exposure_id = r.exposure_id
        LEFT JOIN (${mappingsVia}) m ON m.individual_id = r.individual_id
          AND m.via = CASE WHEN ${d.notIn('r.response_type', onTheAd)} THEN '*' ELSE e.channel END
          AND r.response_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL`,
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

/**
 * Exposures no identifier of their channel's kinds covers at exposure_timestamp: an anti-join per
 * class of kinds the channel takes (channel-classes.ts), each on the exposures the ones before
 * left uncovered.
 */
function exposuresNotObserved(d: SqlDialect, exposures: string, mappings: string): string {
  const k = channelClasses(d);
  const classed = `(SELECT individual_id, first_seen, last_seen, ${k.kindClass('identifier_type')} AS cls FROM ${mappings})`;
  let uncovered = `SELECT exposure_id, individual_id, channel, exposure_timestamp FROM ${exposures}`;
  for (let stage = 0; stage < k.stages; stage++)
    uncovered = `SELECT x.* FROM (${uncovered}) x LEFT JOIN ${classed} m
        ON m.individual_id = x.individual_id AND m.cls = ${k.channelClass('x.channel', stage)} AND x.exposure_timestamp BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL`;
  return `SELECT exposure_id AS id FROM (${uncovered}) v`;
}
