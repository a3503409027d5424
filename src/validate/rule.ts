/**
 * A validation rule. `violations` rules select the offending rows' ids (`SELECT … AS id`) and
 * hold when there are none; `figure` rules compute one number (and the sample size `n`) and hold
 * when it lies in the expected range, which may widen with smaller samples.
 */
/**
 * A subquery several rules read, written inline in each (`sharedRef`, src/validate/shared-aggregates.ts):
 * the DuckDB runner computes it once as a temporary table.
 */
export interface SharedAggregate {
  name: string;
  sql: string;
}
export interface ViolationsRule {
  id: string;
  table: string;
  kind: 'violations';
  description: string;
  sql: string;
  duckdbOnly?: string;
  /** The shared aggregates its SQL holds inline. */
  shared?: readonly SharedAggregate[];
  /**
   * A cheaper statement whose `bad` is 0 only when `sql` selects no row (a sufficient condition):
   * at 0 the rule holds without running `sql`; otherwise `sql` counts and names the offenders.
   */
  proof?: string;
}
export interface FigureRule {
  id: string;
  table: string;
  kind: 'figure';
  description: string;
  sql: string;
  expect: (n: number) => [number, number];
  /**
   * Smallest sample size `n` the rule can judge, derived from its own tolerance (below it the
   * expected range is too wide, or the approximation behind it does not hold): smaller samples
   * are reported as skipped, never as passed or failed. Default 1: no rows at all is a skip.
   */
  minN?: number;
  /** Set when this config leaves the rule nothing to judge (the reason), e.g. a window shorter than a week. */
  skipWhen?: string;
  duckdbOnly?: string;
  /** The shared aggregates its SQL holds inline. */
  shared?: readonly SharedAggregate[];
}
/** `duckdbOnly` (the reason) marks a rule no other dialect can express: it has no SQL there and is reported as skipped. */
export type Rule = ViolationsRule | FigureRule;

/** passed and skipped do not fail a run; skipped is never counted as passed. */
export type RuleStatus = 'passed' | 'failed' | 'skipped';

export interface RuleResult {
  id: string;
  table: string;
  description: string;
  /** false only when the rule failed (a skipped rule is not ok-because-it-held: see `status`). */
  ok: boolean;
  /** Set by the rule runner; results built elsewhere get it from `statusOf`. */
  status?: RuleStatus;
  /** Offending rows (violations) or the measured value (figure); NaN when not measured. */
  figure: number;
  expected?: [number, number];
  /** Sample size of a figure rule. */
  n?: number;
  examples?: string[];
  error?: string;
  /** Why the rule was not judged: not expressible on this engine, or n too small. */
  skipped?: string;
  /** Wall-clock seconds its statements took (set by the rule runner): shows where validation time goes. */
  seconds?: number;
}

export const statusOf = (r: RuleResult): RuleStatus =>
  r.status ?? (r.skipped !== undefined ? 'skipped' : r.ok ? 'passed' : 'failed');

export interface ValidationReport {
  /** No rule failed. */
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  results: RuleResult[];
}

/** The one place results are counted: every engine and command reports through it. */
export function summarize(results: readonly RuleResult[]): ValidationReport {
  const all = results.map((r) => ({ ...r, status: statusOf(r) }));
  const count = (s: RuleStatus) => all.filter((r) => r.status === s).length;
  const failed = count('failed');
  return { ok: failed === 0, passed: count('passed'), failed, skipped: count('skipped'), results: all };
}

/** Sampling tolerance for a share p measured over n units: 4 standard errors plus a small floor. */
export function shareTolerance(p: number, n: number, floor = 0.005): number {
  return 4 * Math.sqrt((p * (1 - p)) / Math.max(1, n)) + floor;
}

/**
 * Smallest n at which a share p can be judged with `shareTolerance`: the 4-standard-error band is
 * a normal approximation of the binomial, which needs about 10 expected units on each side
 * (n·p ≥ 10 and n·(1−p) ≥ 10, the usual rule of thumb). A share of exactly 0 or 1 is judged at
 * any n (a single wrong unit is a violation).
 */
export function shareMinN(p: number): number {
  const rare = Math.min(p, 1 - p);
  return rare <= 0 ? 1 : Math.ceil(10 / rare);
}

/**
 * A rule that the share of rows matching `where` is ≈ p: tolerance 4 standard errors, skipped
 * below shareMinN(p). `over` is the FROM clause (default: the table itself); `source` cites the
 * real-world fact or the config field the expectation comes from.
 */
export const shareRule =
  (d: { qualify(table: string): string }) =>
  (
    id: string,
    table: string,
    label: string,
    p: number,
    where: string,
    over = `FROM ${d.qualify(table)}`,
    source = '',
  ): FigureRule => ({
    id,
    table,
    kind: 'figure',
    description: `${label} ≈ ${(p * 100).toFixed(1)}%${source ? ` (${source})` : ''}`,
    sql: `SELECT avg(CASE WHEN ${where} THEN 1.0 ELSE 0 END) AS figure, count(*) AS n ${over}`,
    expect: (n) => [p - shareTolerance(p, n), p + shareTolerance(p, n)],
    minN: shareMinN(p),
  });
