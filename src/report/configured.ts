import type { RunConfig } from '../config/schema.js';
import { erf } from '../validate/distribution-rules.js';

/** What the config asks for, as shares per label: the "configured" side of each comparison. */

/** Mass of round(N(μ, σ)) clipped to [lo, hi] at each integer (the generator's documented size rule). */
export function householdSizeShares(config: RunConfig): Record<string, number> {
  const { sizeMean: mean, sizeSd: sd, sizeMin: lo, sizeMax: hi } = config.household;
  const out: Record<string, number> = {};
  const cdf = (x: number) => (sd === 0 ? (x >= mean ? 1 : 0) : 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2))));
  for (let k = lo; k <= hi; k++) out[String(k)] = (k === hi ? 1 : cdf(k + 0.5)) - (k === lo ? 0 : cdf(k - 0.5));
  return out;
}

/** Weights as shares (configs may give weights that do not sum to 1). */
export function normalised(weights: Record<string, number>): Record<string, number> {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, total > 0 ? v / total : 0]));
}
