import type { RunConfig } from '../config/schema.js';
import { MICROS_PER_DAY, type TimeWindow } from '../config/window.js';
import { IDENTIFIER_TYPES } from '../schema/domains.js';
import { cookieId, deviceId, sha256Shaped, uuid4 } from './identifier-values.js';
import { hash4, type Rng } from './rng.js';

export interface Identifier {
  type: number;
  value: string;
  firstSeen: number;
  lastSeen: number;
  active: boolean;
}

/** Where extra identifiers (several browsers, devices) go, in IDENTIFIER_TYPES order. */
const EXTRA_SHARE = [0.08, 0.5, 0.12, 0.22, 0.05, 0.03];
export const TYPE = Object.fromEntries(IDENTIFIER_TYPES.map((t, i) => [t, i])) as Record<
  (typeof IDENTIFIER_TYPES)[number],
  number
>;

/** An identifier unseen for this many days before the as-of time is inactive. */
export const INACTIVE_AFTER_DAYS = 45;

/** Identifier types a person holds (with repeats for extra browsers and devices), min ≤ n ≤ max. */
export function identifierTypes(rng: Rng, config: RunConfig, lambda: number): number[] {
  const { min, max, coverage } = config.identifiers;
  const types: number[] = [];
  IDENTIFIER_TYPES.forEach((t, i) => {
    if (rng.chance(coverage[t])) types.push(i);
  });
  // More covered types than `max`: keep a random `max` of them (identifier-count.ts has the odds).
  while (types.length > max) types.splice(rng.int(types.length), 1);
  let extra = rng.poisson(lambda);
  while (extra-- > 0 && types.length < max) {
    let x = rng.next(),
      t = 0;
    while (t < EXTRA_SHARE.length - 1 && x >= EXTRA_SHARE[t]) {
      x -= EXTRA_SHARE[t];
      t++;
    }
    types.push(types.includes(t) ? t : TYPE.cookie_id);
  }
  while (types.length < min) types.push(types.length % 2 ? TYPE.device_id : TYPE.cookie_id);
  return types.sort((a, b) => a - b);
}

/**
 * Values, first/last seen and activity; ids are unique per type because values embed a
 * permutation of mappingId. `recencyDays` is the mean time since an active id was last seen,
 * from how often its owner uses it (observed-through.ts meanRecencyDays). Lifetimes come from
 * the identifier's own stream, never from the event streams, so an increment can replay them;
 * events are then placed only while an identifier of their kind is seen.
 */
export function makeIdentifier(
  rng: Rng,
  seedW: number,
  type: number,
  mappingId: number,
  window: TimeWindow,
  inactiveShare: number,
  recencyDays = 3,
): Identifier {
  const key = hash4(seedW, 0x1d, type);
  const words = () => rng.u32();
  let value: string;
  switch (IDENTIFIER_TYPES[type]) {
    case 'email_hash':
    case 'hashed_phone':
      value = sha256Shaped(mappingId, key, words);
      break;
    case 'mobile_ad_id':
      value = uuid4(mappingId, key, words, rng.chance(0.45));
      break;
    case 'ctv_id':
      value = uuid4(mappingId, key, words, true);
      break;
    case 'cookie_id':
      value = cookieId(mappingId, key, words);
      break;
    default:
      value = deviceId(mappingId, key);
  }
  const asOf = window.asOfMicros;
  const quiet = INACTIVE_AFTER_DAYS * MICROS_PER_DAY;
  // First seen up to three years back (cookies churn faster: up to one year); an inactive id was
  // first seen before it went quiet, at least INACTIVE_AFTER_DAYS before the as-of time.
  const spanDays = type === TYPE.cookie_id ? 365 : 3 * 365;
  const active = !rng.chance(inactiveShare);
  const newest = active ? MICROS_PER_DAY : quiet + MICROS_PER_DAY;
  const firstSeen = asOf - newest - Math.floor(rng.next() * (spanDays * MICROS_PER_DAY - newest));
  // Active ids were last used recently (within the quiet limit); inactive ones went quiet before it.
  const lastSeen = active
    ? asOf - Math.floor(Math.min(rng.exponential(recencyDays), INACTIVE_AFTER_DAYS - 1) * MICROS_PER_DAY)
    : firstSeen + Math.floor(rng.next() * (asOf - quiet - firstSeen));
  return { type, value, firstSeen, lastSeen: Math.max(firstSeen, lastSeen), active };
}
