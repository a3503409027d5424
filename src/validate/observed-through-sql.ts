import { CHANNEL_IDENTIFIERS, DEVICE_IDENTIFIER } from '../gen/observed-through.js';
import { CHANNELS, DEVICE_TYPES, IDENTIFIER_TYPES } from '../schema/domains.js';
import type { SqlDialect } from '../sql/dialect.js';

/**
 * The "observed through an identifier" rules as SQL: the events no identity_mappings row of the
 * right kind covers at the event's time. Each is an anti-join, LEFT JOIN … WHERE m.individual_id
 * IS NULL (m.individual_id is never NULL on a match: it equals the event's), with only
 * comparisons in the join condition, so engines hash-join on (person, key) and filter the time
 * range: a correlated NOT EXISTS made DuckDB group every event first (16× slower at 100K
 * households), and an OR in the condition makes it a nested loop. Keys are small integers (the
 * kind's number, or its class), not the identifier_type strings: 2.3 → 1.7 s for the 112M
 * engagements of 1M households.
 */

/** A stage of an anti-join: mapping rows as (individual_id, first_seen, last_seen, key), and the key an event row `x` needs. */
interface Stage {
  mappings: string;
  key: (x: string) => string;
}

/**
 * Rows of `rows` (with individual_id and the `time` column) that no stage covers: each stage
 * anti-joins the rows the stages before it left uncovered.
 */
function uncovered(rows: string, time: string, stages: Stage[]): string {
  let left = rows;
  for (const s of stages)
    left = `SELECT x.* FROM (${left}) x LEFT JOIN ${s.mappings} m
        ON m.individual_id = x.individual_id AND m.k = ${s.key('x')} AND x.${time} BETWEEN m.first_seen AND m.last_seen
        WHERE m.individual_id IS NULL`;
  return left;
}

const caseOf = (d: SqlDialect, col: string, pairs: [string, number | undefined][]) => {
  const arms = pairs.filter(([, n]) => n !== undefined).map(([v, n]) => `WHEN ${d.literal(v)} THEN ${n}`);
  return arms.length ? `CASE ${col} ${arms.join(' ')} END` : 'CAST(NULL AS INT)';
};

const keyed = (mappings: string, key: string) =>
  `(SELECT individual_id, first_seen, last_seen, ${key} AS k FROM ${mappings})`;

/** Engagements not observed through an identifier of their device's kind (one stage, keyed by the kind's number). */
export function engagementsNotObserved(d: SqlDialect, engagements: string, mappings: string): string {
  const time = d.ident('timestamp');
  // Kinds no device is seen through get no number: those mapping rows stay out of the hash table.
  const kindNumber = caseOf(
    d,
    'identifier_type',
    IDENTIFIER_TYPES.map((t, i) => [t, DEVICE_IDENTIFIER.includes(i) ? i : undefined]),
  );
  const stage: Stage = {
    mappings: keyed(mappings, kindNumber),
    key: (x) =>
      caseOf(
        d,
        `${x}.device_type`,
        DEVICE_TYPES.map((dev, i) => [dev, DEVICE_IDENTIFIER[i]]),
      ),
  };
  return `SELECT event_id AS id FROM (${uncovered(`SELECT event_id, individual_id, device_type, ${time} FROM ${engagements}`, time, [stage])}) v`;
}

/**
 * Identifier kinds grouped by the channels that deliver through them (CHANNEL_IDENTIFIERS):
 * kinds that every channel takes or refuses alike form one class (email_hash; the three screens;
 * ctv_id). Each channel takes a whole number of classes, most of them one, video two (a screen
 * or a TV). An exposure is observed when an id of one of its channel's classes was seen then, so
 * the anti-join runs in stages, each keyed by (person, class): the exposures no id of the
 * channel's first class covers, then of those the ones no id of its second class covers, and so
 * on. Every mapping row is hashed once per stage instead of once per channel it serves (24M
 * rows for 10M mappings at 1M households): 3.2 → 2.1 s for 38M exposures.
 */
interface ChannelClasses {
  /** Stages: the most classes any channel takes. */
  stages: number;
  /** SQL: the class number of an identifier_type column (NULL for a kind no channel uses). */
  kindClass(col: string): string;
  /** SQL: the class a channel column takes at `stage` (NULL when it takes fewer, so nothing matches). */
  channelClass(col: string, stage: number): string;
}

function channelClasses(d: SqlDialect): ChannelClasses {
  const signature = (kind: number) =>
    CHANNELS.map((_, ch) => (CHANNEL_IDENTIFIERS[ch].includes(kind) ? 1 : 0)).join('');
  const classOf = new Map<string, number>();
  const kindClass = IDENTIFIER_TYPES.map((_, kind) => {
    const s = signature(kind);
    if (!s.includes('1')) return undefined;
    if (!classOf.has(s)) classOf.set(s, classOf.size);
    return classOf.get(s)!;
  });
  // A channel's classes in the order of its kinds (a screen before a TV for video).
  const byChannel = CHANNELS.map((_, ch) => [...new Set(CHANNEL_IDENTIFIERS[ch].map((k) => kindClass[k]!))]);
  return {
    stages: Math.max(...byChannel.map((c) => c.length)),
    kindClass: (col) =>
      caseOf(
        d,
        col,
        IDENTIFIER_TYPES.map((t, k) => [t, kindClass[k]]),
      ),
    channelClass: (col, stage) =>
      caseOf(
        d,
        col,
        CHANNELS.map((ch, i) => [ch, byChannel[i][stage]]),
      ),
  };
}

/** One stage per class of kinds a channel takes (above): a channel column's class at each stage. */
function classStages(d: SqlDialect, mappings: string, channel: string): Stage[] {
  const k = channelClasses(d);
  const classed = keyed(mappings, k.kindClass('identifier_type'));
  return Array.from({ length: k.stages }, (_, stage) => ({
    mappings: classed,
    key: (x: string) => k.channelClass(`${x}.${channel}`, stage),
  }));
}

/** Exposures not delivered through an identifier of their channel's kinds. */
export function exposuresNotObserved(d: SqlDialect, exposures: string, mappings: string): string {
  const rows = `SELECT exposure_id, individual_id, channel, exposure_timestamp FROM ${exposures}`;
  return `SELECT exposure_id AS id FROM (${uncovered(rows, 'exposure_timestamp', classStages(d, mappings, 'channel'))}) v`;
}

/**
 * Responses not observed: those `onTheAd` through an id of their exposure's channel kinds (a
 * response without an exposure, or of no type, counts as on the ad), the others through any of
 * the person's ids. A first stage covers the others by any id (key 1; an on-the-ad response's
 * key is NULL, so it passes to the class stages), then the class stages. Only the exposures
 * responses point to are joined (a semi-join on response_events first): hashing all exposures'
 * ids to look up a few responses cost twice as much CPU. One mapping row per class and one for
 * "any", instead of one per channel its kind serves and one for "any": 1.5 → 1.2 s at 1M.
 */
export function responsesNotObserved(
  d: SqlDialect,
  tables: { responses: string; exposures: string; mappings: string },
  onTheAd: readonly string[],
): string {
  const rows = `SELECT r.response_id, r.individual_id, r.response_timestamp, e.channel,
          CASE WHEN ${d.notIn('r.response_type', onTheAd)} THEN 1 END AS off_the_ad
        FROM ${tables.responses} r LEFT JOIN (SELECT exposure_id, channel FROM ${tables.exposures}
          WHERE exposure_id IN (SELECT exposure_id FROM ${tables.responses})) e ON e.exposure_id = r.exposure_id`;
  const anyId: Stage = { mappings: keyed(tables.mappings, '1'), key: (x) => `${x}.off_the_ad` };
  const stages = [anyId, ...classStages(d, tables.mappings, 'channel')];
  return `SELECT response_id AS id FROM (${uncovered(rows, 'response_timestamp', stages)}) v`;
}
