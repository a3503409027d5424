import { type RuleResult, type RuleStatus, statusOf, type ValidationReport } from '../validate/rule.js';
import { print } from './output.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));
const MARK: Record<RuleStatus, string> = { passed: 'ok  ', skipped: 'skip', failed: 'FAIL' };

/** `timed`: with the seconds the rule took (--verbose), to see where validation time goes. */
function line(r: RuleResult, timed: boolean): string {
  const status = statusOf(r);
  let detail: string;
  if (status === 'skipped') detail = `skipped (${r.skipped ?? 'not run'})`;
  else if (r.error) detail = `error: ${r.error}`;
  else if (r.expected)
    detail = `${fmt(r.figure)} (expected ${fmt(r.expected[0])}..${Number.isFinite(r.expected[1]) ? fmt(r.expected[1]) : '∞'}, n = ${r.n ?? '?'})`;
  else
    detail =
      r.figure === 0
        ? '0 offending rows'
        : `${r.figure} offending${r.examples?.length ? `, e.g. ${r.examples.join(', ')}` : ''}`;
  const took = !timed || r.seconds === undefined ? '' : `  [${r.seconds.toFixed(2)} s]`;
  return `${MARK[status]}  ${r.id.padEnd(56)} ${detail}${took}  — ${r.description}`;
}

/** Non-finite figures as JSON: NaN (not measured) is null, an open bound stays "Infinity". */
const jsonNumber = (_k: string, v: unknown) =>
  typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : String(v)) : v;

/** The report as plain JSON values: what `validate --json` prints and `run --json` nests. */
export const jsonReport = (report: ValidationReport): unknown => JSON.parse(JSON.stringify(report, jsonNumber));

/**
 * Skipped rules, then failures (last, so they stay on screen), then a one-line summary; with
 * `verbose`, every passed rule first. A clean run is one line plus its skips: the passed
 * figures are in `--verbose` and `--json`.
 */
export function printReport(report: ValidationReport, json: boolean, verbose = false): void {
  if (json) {
    print(JSON.stringify(jsonReport(report)));
    return;
  }
  const statuses = verbose ? (['passed', 'skipped', 'failed'] as const) : (['skipped', 'failed'] as const);
  let printed = 0;
  for (const status of statuses)
    for (const r of report.results.filter((r) => statusOf(r) === status)) {
      print(line(r, verbose));
      printed++;
    }
  if (printed) print();
  const skipped = report.skipped ? `, ${report.skipped} skipped (not judged: see "skip" lines)` : '';
  const more = verbose ? '' : ' (--verbose lists every rule)';
  print(
    report.ok
      ? `${report.skipped ? `${report.passed}` : `all ${report.passed}`} checks passed${skipped}${more}`
      : `${report.failed} of ${report.results.length} checks FAILED (${report.passed} passed${skipped})${more}`,
  );
}
