import { type Identifier, INACTIVE_AFTER_DAYS, TYPE } from './identifiers.js';

/**
 * Through which identifiers an event is observed. An identity graph knows an event only through
 * an identifier it carries, and only while that identifier is seen (first_seen ≤ t ≤ last_seen).
 * The generator places events with these tables and validation checks them (identity-rules.ts),
 * so the two cannot drift apart.
 */

/** The identifier kind through which each device (DEVICE_TYPES order) is observed. */
export const DEVICE_IDENTIFIER = [TYPE.mobile_ad_id, TYPE.cookie_id, TYPE.device_id, TYPE.ctv_id];
/** Relative use of each device (DEVICE_TYPES order) by someone who has it. */
export const DEVICE_USE = [0.5, 0.28, 0.12, 0.3];

/**
 * Identifier kinds an ad on each channel (CHANNELS order) is delivered through: an email goes to
 * an address (email_hash); social and display ads reach an app or a browser on a phone, computer
 * or tablet (mobile_ad_id, cookie_id, device_id); online video also plays on a TV (ctv_id); CTV
 * ads only on a TV.
 */
const SCREENS = [TYPE.mobile_ad_id, TYPE.cookie_id, TYPE.device_id];
export const CHANNEL_IDENTIFIERS: readonly (readonly number[])[] = [
  [TYPE.email_hash],
  SCREENS,
  SCREENS,
  [...SCREENS, TYPE.ctv_id],
  [TYPE.ctv_id],
];

/**
 * Response types (RESPONSE_TYPES order) that happen on the ad itself (click, engagement) are
 * observed through the exposure's channel; a visit or a conversion happens later on the
 * advertiser's site or app, on any device, and is matched through any identifier the person
 * holds (the cross-device case an identity graph exists for).
 */
export const ON_THE_AD = [true, false, true, false];

export const isLive = (id: Identifier, t: number): boolean => id.firstSeen <= t && t <= id.lastSeen;

/** Whether the person holds an identifier of one of `kinds` seen at instant t (any kind when `kinds` is undefined). */
export function liveThrough(ids: readonly Identifier[], kinds: readonly number[] | undefined, t: number): boolean {
  // A loop, not ids.some(closure): this runs for every channel of every exposure attempt.
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k];
    if ((kinds === undefined || kinds.includes(id.type)) && isLive(id, t)) return true;
  }
  return false;
}

/**
 * Sightings of a device's id per content event on it: every session also fires ad requests,
 * pixels and SDK pings (several per page or app screen), which is what last_seen records.
 */
const SIGHTINGS_PER_EVENT = 6;
/** Logins, email opens and form fills that reveal an email or phone hash, per content event. */
const LOGIN_SHARE = 0.25;
/** Shortest mean time since an active identifier was last seen: even heavy users sleep. */
const MIN_RECENCY_DAYS = 0.25;

/**
 * Mean days since each of a person's active identifiers (by type) was last seen, derived from how
 * often it is used: the person's events a day on that device kind (DEVICE_USE among the devices
 * they hold) times the sightings each brings, shared among their ids of that kind; email and
 * phone hashes surface at logins. The time back to the last sighting of a Poisson stream is
 * exponential with that mean, so a heavy user's phone was seen within hours and a light user's
 * tablet days or weeks ago. Capped below the inactivity limit: an active id is by definition
 * seen within it.
 */
export function meanRecencyDays(types: readonly number[], ratePerDay: number): number[] {
  const held = DEVICE_IDENTIFIER.map((kind) => types.filter((t) => t === kind).length);
  const use = DEVICE_USE.reduce((sum, u, d) => sum + (held[d] > 0 ? u : 0), 0);
  return types.map((t) => {
    const d = DEVICE_IDENTIFIER.indexOf(t);
    const rate = d >= 0 ? (SIGHTINGS_PER_EVENT * ratePerDay * DEVICE_USE[d]) / use / held[d] : ratePerDay * LOGIN_SHARE;
    return Math.min(INACTIVE_AFTER_DAYS - 1, Math.max(MIN_RECENCY_DAYS, 1 / Math.max(rate, 1e-9)));
  });
}
