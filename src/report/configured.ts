import type { RunConfig } from '../config/schema.js';
import { ageRange } from '../config/age-range.js';
import { bucketInRange, expectedAgeMix } from '../gen/age-mix.js';
import { AGE_BUCKETS } from '../gen/demographics.js';
import { sizeProbabilities } from '../gen/household-mix.js';

/** What the config asks for, as shares per label: the "configured" side of each comparison. */

/** Mass of round(N(μ, σ)) clipped to [lo, hi] at each integer (the generator's documented size rule). */
export function householdSizeShares(config: RunConfig): Record<string, number> {
  const { sizeMin: lo, sizeMax: hi } = config.household;
  const p = sizeProbabilities(config.household);
  const out: Record<string, number> = {};
  for (let k = lo; k <= hi; k++) out[String(k)] = p[k];
  return out;
}

export interface AgeBucket {
  from: number;
  to: number;
  label: string;
  /** Expected share of individuals. */
  share: number;
}

/**
 * The age buckets of the age rules (18–24 … 85+) cut to individual.minAge..maxAge, with the
 * share validate expects in each: the census mix cut to the range, as far as household sizes
 * allow (src/gen/age-mix.ts).
 */
export function ageBuckets(config: RunConfig): AgeBucket[] {
  const mix = expectedAgeMix(config);
  const range = ageRange(config);
  return AGE_BUCKETS.flatMap((_, i) => {
    const [from, to] = bucketInRange(i, range);
    if (from > to) return [];
    const label = from === to ? String(from) : to === 100 ? `${from}+` : `${from}–${to}`;
    return [{ from, to, label, share: mix[i] }];
  });
}
