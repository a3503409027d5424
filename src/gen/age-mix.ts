import type { RunConfig } from '../config/schema.js';
import { ADULT_AGE_SHARE, AGE_BUCKETS, HEAD_AGE_BY_BRACKET } from './demographics.js';
import { normalCdf, sizeProbabilities } from './household-mix.js';

/**
 * Ages of household members so that all individuals together reproduce the US adult age mix
 * (ADULT_AGE_SHARE) rather than drift from it. Heads are drawn by income bracket and partners
 * near the head's age; members beyond the second (adult children, parents, housemates) are drawn
 * from the residual: what the target still needs once heads and partners are counted. Computed in
 * closed form from the config, so every worker derives the same table.
 */

export const MIN_AGE = 18;
export const MAX_AGE = 100;
export const PARTNER_AGE_SD = 5;
const AGES = MAX_AGE - MIN_AGE + 1;

const bucketOf = (age: number) => AGE_BUCKETS.findIndex(([from, to]) => age >= from && age <= to);
const width = (b: number) => AGE_BUCKETS[b][1] - AGE_BUCKETS[b][0] + 1;

/** Head-of-household age bucket weights for one income bracket. */
export const headBucketWeights = (bracket: number): number[] =>
  HEAD_AGE_BY_BRACKET[bracket].map((m, i) => m * ADULT_AGE_SHARE[i]);

interface AgeModel {
  /** Weight of each age 18..100 for members beyond the second (unnormalised). */
  extras: number[];
  /** Expected share of individuals in each AGE_BUCKETS bucket. */
  mix: number[];
}

function model(config: RunConfig): AgeModel {
  const h = config.household;
  const sizes = sizeProbabilities(h);
  const meanSize = sizes.reduce((s, p, k) => s + k * p, 0);
  const pPartner = sizes.reduce((s, p, k) => s + (k >= 2 ? p : 0), 0);
  const extrasPerHousehold = meanSize - 1 - pPartner;
  const brackets = Object.values(h.incomeBrackets);
  const bracketTotal = brackets.reduce((a, b) => a + b, 0);

  const head = new Array(AGES).fill(0);
  brackets.forEach((w, b) => {
    const buckets = headBucketWeights(b);
    const total = buckets.reduce((a, x) => a + x, 0);
    for (let a = 0; a < AGES; a++) {
      const k = bucketOf(a + MIN_AGE);
      head[a] += ((w / bracketTotal) * buckets[k]) / total / width(k);
    }
  });
  // Partner: round(head + N(0, sd)) clamped to 18..100.
  const partner = new Array(AGES).fill(0);
  for (let a = 0; a < AGES; a++) {
    if (head[a] === 0) continue;
    for (let b = 0; b < AGES; b++) {
      const hi = b === AGES - 1 ? 1 : normalCdf(b + 0.5, a, PARTNER_AGE_SD);
      const lo = b === 0 ? 0 : normalCdf(b - 0.5, a, PARTNER_AGE_SD);
      partner[b] += head[a] * (hi - lo);
    }
  }
  const extras = new Array(AGES).fill(0);
  for (let a = 0; a < AGES; a++) {
    const k = bucketOf(a + MIN_AGE);
    const target = (meanSize * ADULT_AGE_SHARE[k]) / width(k);
    extras[a] = Math.max(0, target - head[a] - pPartner * partner[a]);
  }
  // Nothing left to fill (every age at or over target): extras follow the target itself.
  if (extras.every((x) => x === 0)) for (let a = 0; a < AGES; a++) extras[a] = ADULT_AGE_SHARE[bucketOf(a + MIN_AGE)];
  const extrasTotal = extras.reduce((x, y) => x + y, 0);
  const mix = new Array(AGE_BUCKETS.length).fill(0);
  for (let a = 0; a < AGES; a++) {
    const perHousehold = head[a] + pPartner * partner[a] + (extrasPerHousehold * extras[a]) / extrasTotal;
    mix[bucketOf(a + MIN_AGE)] += perHousehold / meanSize;
  }
  return { extras, mix };
}

/** Weights of ages 18..100 for the third and later members of a household. */
export const extraMemberAgeWeights = (config: RunConfig): number[] => model(config).extras;

/**
 * The age mix the generator produces: the US adult mix whenever household sizes leave room for
 * it (the default config does), else the closest it can get (e.g. only one-person households).
 */
export const expectedAgeMix = (config: RunConfig): number[] => model(config).mix;
