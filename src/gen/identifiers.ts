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

/**
 * The Poisson rate of extra identifiers that makes the mean count hit `identifiers.mean` after the
 * min/max clamp. Solved exactly (Poisson-binomial base count ⊕ Poisson extras) by bisection, so
 * the configured mean holds for any coverage mix.
 */
export function extraRate(config: RunConfig): number {
  const { min, max, mean, coverage } = config.identifiers;
  let base = [1];
  for (const p of Object.values(coverage)) {
    const next = new Array(base.length + 1).fill(0);
    base.forEach((q, k) => {
      next[k] += q * (1 - p);
      next[k + 1] += q * p;
    });
    base = next;
  }
  const expected = (lambda: number) => {
    let sum = 0;
    base.forEach((q, k) => {
      let pois = Math.exp(-lambda);
      for (let e = 0; e <= 60; e++) {
        sum += q * pois * Math.max(min, Math.min(max, k + e));
        pois *= lambda / (e + 1);
      }
    });
    return sum;
  };
  let lo = 0,
    hi = 30;
  if (expected(0) >= mean) return 0;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expected(mid) < mean) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Identifier types a person holds (with repeats for extra browsers and devices), min ≤ n ≤ max. */
export function identifierTypes(rng: Rng, config: RunConfig, lambda: number): number[] {
  const { min, max, coverage } = config.identifiers;
  const types: number[] = [];
  IDENTIFIER_TYPES.forEach((t, i) => {
    if (rng.chance(coverage[t])) types.push(i);
  });
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

/** Values, first/last seen and activity; ids are unique per type because values embed a permutation of mappingId. */
export function makeIdentifier(
  rng: Rng,
  seedW: number,
  type: number,
  mappingId: number,
  window: TimeWindow,
  inactiveShare: number,
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
  // First seen up to three years back (cookies churn faster: up to one year).
  const spanDays = type === TYPE.cookie_id ? 365 : 3 * 365;
  const firstSeen = asOf - Math.floor(rng.next() * spanDays * MICROS_PER_DAY) - MICROS_PER_DAY;
  const active = !rng.chance(inactiveShare);
  let lastSeen: number;
  if (active) {
    lastSeen = asOf - Math.floor(rng.exponential(3) * MICROS_PER_DAY);
  } else {
    // Inactive ids went quiet at least 45 days before the as-of time.
    lastSeen = firstSeen + Math.floor(rng.next() * Math.max(0, asOf - 45 * MICROS_PER_DAY - firstSeen));
  }
  return { type, value, firstSeen, lastSeen: Math.max(firstSeen, lastSeen), active };
}
