/**
 * A validation rule. `violations` rules select the offending rows' ids (`SELECT … AS id`) and
 * hold when there are none; `figure` rules compute one number (and the sample size `n`) and hold
 * when it lies in the expected range, which may widen with smaller samples.
 */
export interface ViolationsRule {
  id: string;
  table: string;
  kind: 'violations';
  description: string;
  sql: string;
  duckdbOnly?: string;
}
export interface FigureRule {
  id: string;
  table: string;
  kind: 'figure';
  description: string;
  sql: string;
  expect: (n: number) => [number, number];
  duckdbOnly?: string;
}
/** `duckdbOnly` (the reason) marks a rule no other dialect can express: it has no SQL there and is reported as skipped. */
export type Rule = ViolationsRule | FigureRule;

export interface RuleResult {
  id: string;
  table: string;
  description: string;
  ok: boolean;
  /** Offending rows (violations) or the measured value (figure). */
  figure: number;
  expected?: [number, number];
  examples?: string[];
  error?: string;
  /** Not run on this engine (the reason), e.g. a DuckDB-only rule on Databricks. */
  skipped?: string;
}

/** Sampling tolerance for a share p measured over n units: 4 standard errors plus a small floor. */
export function shareTolerance(p: number, n: number, floor = 0.005): number {
  return 4 * Math.sqrt((p * (1 - p)) / Math.max(1, n)) + floor;
}
