import { ageRange, DATA_MODEL_AGES, isFullAgeRange } from '../config/age-range.js';
import type { RunConfig } from '../config/schema.js';
import { ADULT_AGE_SHARE, AGE_BUCKETS, HEAD_AGE_BY_BRACKET } from './demographics.js';
import { normalCdf, sizeProbabilities } from './household-mix.js';

/**
 * Ages of household members so that all individuals together reproduce the US adult age mix
 * (ADULT_AGE_SHARE), truncated to individual.minAge..maxAge, rather than drift from it. Heads
 * are drawn by income bracket and partners near the head's age; members beyond the second
 * (adult children, parents, housemates) are drawn from the residual: what the target still needs
 * once heads and partners are counted. Computed in closed form from the config, so every worker
 * derives the same table.
 *
 * Everyone is an adult (the data model: age BETWEEN 18 AND 100), so no household is children
 * only. Every age is drawn inside the range: the head's bucket weights count only the part of
 * each bucket inside it, partners are clamped into it, extra members drawn from it. With a narrow
 * range the further members are housemates or siblings of about the head's age.
 */

export const PARTNER_AGE_SD = 5;
export { ageRange };

const bucketOf = (age: number) => AGE_BUCKETS.findIndex(([from, to]) => age >= from && age <= to);
const width = (b: number) => AGE_BUCKETS[b][1] - AGE_BUCKETS[b][0] + 1;

/** Bucket b's ages that lie inside [lo, hi] (from > to when none do). */
export function bucketInRange(b: number, [lo, hi]: [number, number]): [number, number] {
  return [Math.max(AGE_BUCKETS[b][0], lo), Math.min(AGE_BUCKETS[b][1], hi)];
}

/** How many of bucket b's ages lie inside the range. */
const agesInRange = (b: number, range: [number, number]): number => {
  const [from, to] = bucketInRange(b, range);
  return Math.max(0, to - from + 1);
};

/** Share of bucket b's ages inside the range: exactly 1 for every bucket of the full range. */
const inRange = (b: number, range: [number, number]): number => agesInRange(b, range) / width(b);

/**
 * Head-of-household age bucket weights for one income bracket, each bucket counted for the part
 * of it inside the age range (ages are uniform within a bucket).
 */
export const headBucketWeights = (bracket: number, range: [number, number] = DATA_MODEL_AGES): number[] =>
  HEAD_AGE_BY_BRACKET[bracket].map((m, i) => m * ADULT_AGE_SHARE[i] * inRange(i, range));

interface AgeModel {
  /** Weight of each age minAge..maxAge for members beyond the second (unnormalised). */
  extras: number[];
  /** Expected share of individuals in each AGE_BUCKETS bucket. */
  mix: number[];
}

function model(config: RunConfig): AgeModel {
  const range = ageRange(config);
  const [lo, hi] = range;
  const ages = hi - lo + 1;
  const h = config.household;
  const sizes = sizeProbabilities(h);
  const meanSize = sizes.reduce((s, p, k) => s + k * p, 0);
  const pPartner = sizes.reduce((s, p, k) => s + (k >= 2 ? p : 0), 0);
  const extrasPerHousehold = meanSize - 1 - pPartner;
  const brackets = Object.values(h.incomeBrackets);
  const bracketTotal = brackets.reduce((a, b) => a + b, 0);

  const head = new Array(ages).fill(0);
  brackets.forEach((w, b) => {
    const buckets = headBucketWeights(b, range);
    const total = buckets.reduce((a, x) => a + x, 0);
    for (let a = 0; a < ages; a++) {
      // Uniform over the bucket's ages in the range (all its ages, width(k), in the full range).
      const k = bucketOf(a + lo);
      head[a] += ((w / bracketTotal) * buckets[k]) / total / agesInRange(k, range);
    }
  });
  // Partner: round(head + N(0, sd)) clamped to the range.
  const partner = new Array(ages).fill(0);
  for (let a = 0; a < ages; a++) {
    if (head[a] === 0) continue;
    for (let b = 0; b < ages; b++) {
      const up = b === ages - 1 ? 1 : normalCdf(b + 0.5, a, PARTNER_AGE_SD);
      const down = b === 0 ? 0 : normalCdf(b - 0.5, a, PARTNER_AGE_SD);
      partner[b] += head[a] * (up - down);
    }
  }
  // The target is the US mix inside the range, scaled to sum to 1 (the full range needs no scaling).
  const targetTotal = isFullAgeRange(config)
    ? 1
    : AGE_BUCKETS.reduce((s, _, k) => s + ADULT_AGE_SHARE[k] * inRange(k, range), 0);
  const extras = new Array(ages).fill(0);
  for (let a = 0; a < ages; a++) {
    const k = bucketOf(a + lo);
    const target = (meanSize * ADULT_AGE_SHARE[k]) / width(k) / targetTotal;
    extras[a] = Math.max(0, target - head[a] - pPartner * partner[a]);
  }
  // Nothing left to fill (every age at or over target): extras follow the target itself.
  if (extras.every((x) => x === 0)) for (let a = 0; a < ages; a++) extras[a] = ADULT_AGE_SHARE[bucketOf(a + lo)];
  const extrasTotal = extras.reduce((x, y) => x + y, 0);
  const mix = new Array(AGE_BUCKETS.length).fill(0);
  for (let a = 0; a < ages; a++) {
    const perHousehold = head[a] + pPartner * partner[a] + (extrasPerHousehold * extras[a]) / extrasTotal;
    mix[bucketOf(a + lo)] += perHousehold / meanSize;
  }
  // A range inside one bucket gives it all the mass: rounding must not push a share past 1.
  return { extras, mix: mix.map((m) => Math.min(1, m)) };
}

/** Weights of ages minAge..maxAge (index 0 = minAge) for the third and later members of a household. */
export const extraMemberAgeWeights = (config: RunConfig): number[] => model(config).extras;

/**
 * The age mix the generator produces, per AGE_BUCKETS bucket: the US adult mix inside the age
 * range whenever household sizes leave room for it (the default config does), else the closest
 * it can get (e.g. only one-person households). Buckets outside the range get 0.
 */
export const expectedAgeMix = (config: RunConfig): number[] => model(config).mix;
