/**
 * Configured weights (income brackets, housing, gender…) as shares. The schema accepts any
 * non-negative weights with at least one above zero, so the generator, validation, the report and
 * the init wizard all turn them into shares here, the one place that says how.
 */

/**
 * Weights scaled to sum to 1, keys (or positions) kept; `decimals` rounds each share (the wizard
 * writes shares people read). All-zero weights give all-zero shares, never NaN.
 */
export function normaliseWeights(weights: readonly number[], decimals?: number): number[];
export function normaliseWeights<K extends string>(
  weights: Readonly<Record<K, number>>,
  decimals?: number,
): Record<K, number>;
export function normaliseWeights(
  weights: readonly number[] | Readonly<Record<string, number>>,
  decimals?: number,
): number[] | Record<string, number> {
  const values: number[] = Array.isArray(weights) ? [...weights] : Object.values(weights);
  const total = values.reduce((a, b) => a + b, 0);
  const scale = decimals === undefined ? 0 : 10 ** decimals;
  const share = (v: number) => {
    const s = total > 0 ? v / total : 0;
    return scale ? Math.round(s * scale) / scale : s;
  };
  if (Array.isArray(weights)) return values.map(share);
  return Object.fromEntries(Object.entries(weights).map(([k, v]) => [k, share(v)]));
}
