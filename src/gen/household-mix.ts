import type { RunConfig } from '../config/schema.js';
import { normaliseWeights } from '../config/weights.js';

/**
 * Closed forms of the household draws (size, housing), shared by the generator and by the rules
 * that check its output, so the expected distributions cannot drift from what is generated.
 */

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26, |error| < 1.5e-7.
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

export const normalCdf = (x: number, mean: number, sd: number): number =>
  sd === 0 ? (x >= mean ? 1 : 0) : 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));

/** P(size = k) for k = 0..10 of round(N(sizeMean, sizeSd)) clipped to [sizeMin, sizeMax]. */
export function sizeProbabilities(h: RunConfig['household']): number[] {
  const { sizeMean: mean, sizeSd: sd, sizeMin: lo, sizeMax: hi } = h;
  const p = new Array(11).fill(0);
  if (sd === 0) {
    p[Math.max(lo, Math.min(hi, Math.round(mean)))] = 1;
    return p;
  }
  for (let k = lo; k <= hi; k++)
    p[k] = (k === hi ? 1 : normalCdf(k + 0.5, mean, sd)) - (k === lo ? 0 : normalCdf(k - 0.5, mean, sd));
  return p;
}

export const sizeMean = (h: RunConfig['household']): number =>
  sizeProbabilities(h).reduce((sum, p, k) => sum + k * p, 0);

/**
 * Housing odds by household: singles and low incomes rent apartments more; large and high-income
 * households own houses (ACS tenure by household size and income). `base` is the configured mix.
 */
export function housingWeights(base: readonly number[], size: number, bracket: number): number[] {
  const house = (size >= 3 ? 1.3 : size === 1 ? 0.6 : 1) * (bracket >= 3 ? 1.25 : bracket === 0 ? 0.7 : 1);
  const apartment = (size === 1 ? 1.7 : size >= 4 ? 0.55 : 1) * (bracket <= 1 ? 1.4 : bracket >= 3 ? 0.6 : 1);
  return [base[0] * house, base[1] * apartment, base[2], base[3]];
}

/** The housing mix the generator produces: the configured mix, tilted by size and income, averaged. */
export function expectedHousing(config: RunConfig): number[] {
  const h = config.household;
  const base = normaliseWeights(Object.values(h.housingTypes));
  const brackets = normaliseWeights(Object.values(h.incomeBrackets));
  const out = [0, 0, 0, 0];
  sizeProbabilities(h).forEach((ps, size) => {
    if (ps === 0) return;
    brackets.forEach((pb, b) => {
      normaliseWeights(housingWeights(base, size, b)).forEach((ph, i) => {
        out[i] += ps * pb * ph;
      });
    });
  });
  return out;
}
