import type { RunConfig } from '../config/schema.js';
import { IDENTIFIER_TYPES } from '../schema/domains.js';

type IdentifierConfig = Pick<RunConfig['identifiers'], 'min' | 'max' | 'coverage'>;

/**
 * How many identifiers a person holds: one per covered type (a Bernoulli draw per type, so the
 * base count is Poisson-binomial), cut down to `max` by dropping types at random, plus Poisson
 * extras (more browsers and devices) while below `max`, topped up to `min`. These functions are
 * the exact expectations of that process, shared by the generator (to hit the configured mean)
 * and by validation (to know what coverage to expect), so the two cannot drift apart.
 */

/** P(base count = k) for independent per-type coverages. */
function poissonBinomial(ps: readonly number[]): number[] {
  let dist = [1];
  for (const p of ps) {
    const next = new Array(dist.length + 1).fill(0);
    dist.forEach((q, k) => {
      next[k] += q * (1 - p);
      next[k + 1] += q * p;
    });
    dist = next;
  }
  return dist;
}

const coverages = (ids: IdentifierConfig) => IDENTIFIER_TYPES.map((t) => ids.coverage[t]);

/** Expected identifiers per person for a Poisson rate `lambda` of extras. */
export function expectedCount(ids: IdentifierConfig, lambda: number): number {
  const base = poissonBinomial(coverages(ids));
  let sum = 0;
  base.forEach((q, k) => {
    let pois = Math.exp(-lambda);
    for (let e = 0; e <= 80; e++) {
      sum += q * pois * Math.max(ids.min, Math.min(ids.max, k + e));
      pois *= lambda / (e + 1);
    }
  });
  return sum;
}

/** Largest extra rate searched: beyond it every count sits at `max` for any coverage. */
const MAX_RATE = 40;

/** The means this coverage, min and max can produce: [no extras, extras always up to max]. */
export function attainableMean(ids: IdentifierConfig): [number, number] {
  return [expectedCount(ids, 0), expectedCount(ids, MAX_RATE)];
}

/** The Poisson rate of extras that makes the mean count hit `identifiers.mean`, by bisection. */
export function extraRate(config: RunConfig): number {
  const ids = config.identifiers;
  if (expectedCount(ids, 0) >= ids.mean) return 0;
  let lo = 0,
    hi = MAX_RATE;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (expectedCount(ids, mid) < ids.mean) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Share of people holding each type before extras and top-ups: its coverage, times the chance it
 * survives the cut to `max` (a holder of k covered types keeps each with probability max/k).
 * Extras and top-ups only add cookie and device ids, so for those this is a floor.
 */
export function expectedCoverage(ids: IdentifierConfig): number[] {
  const ps = coverages(ids);
  return ps.map((p, t) => {
    const others = poissonBinomial(ps.filter((_, i) => i !== t));
    const kept = others.reduce((sum, q, k) => sum + q * Math.min(1, ids.max / (k + 1)), 0);
    return p * kept;
  });
}
