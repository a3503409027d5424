import type { RunConfig } from '../config/schema.js';
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
