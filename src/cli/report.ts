import type { RuleResult } from '../validate/rule.js';
import type { ValidationReport } from '../validate/validate.js';
import { print } from './output.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(4));

function line(r: RuleResult): string {
  const mark = r.ok ? 'ok  ' : 'FAIL';
  let detail: string;
  if (r.error) detail = `error: ${r.error}`;
  else if (r.expected)
    detail = `${fmt(r.figure)} (expected ${fmt(r.expected[0])}..${Number.isFinite(r.expected[1]) ? fmt(r.expected[1]) : '∞'})`;
  else
    detail =
      r.figure === 0
        ? '0 offending rows'
        : `${r.figure} offending${r.examples?.length ? `, e.g. ${r.examples.join(', ')}` : ''}`;
  return `${mark}  ${r.id.padEnd(56)} ${detail}  — ${r.description}`;
}

/** One line per rule, failures last so they stay on screen, then a summary. */
export function printReport(report: ValidationReport, json: boolean): void {
  if (json) {
    print(JSON.stringify(report, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
    return;
  }
  for (const r of report.results.filter((r) => r.ok)) print(line(r));
  for (const r of report.results.filter((r) => !r.ok)) print(line(r));
  print();
  print(
    report.ok ? `all ${report.passed} checks passed` : `${report.failed} of ${report.results.length} checks FAILED`,
  );
}
