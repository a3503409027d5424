import type { RuleResult } from '../validate/rule.js';
import type { ValidationReport } from '../validate/validate.js';
import type { ReportData, RuleRow } from './types.js';

const fmt = (x: number) => (Number.isNaN(x) ? '—' : Number.isInteger(x) ? String(x) : x.toFixed(4));

/**
 * A rule's status from whatever fields the result carries: an explicit `status` if the
 * validator provides one, else skipped / error / ok / fail from the flags it has today.
 */
export function ruleStatus(r: RuleResult): string {
  const status = (r as { status?: unknown }).status;
  // The validator says passed/failed/skipped; the page shows ok, fail or error (a rule whose statement failed).
  if (status === 'passed') return 'ok';
  if (status === 'failed') return r.error ? 'error' : 'fail';
  if (typeof status === 'string' && status !== '') return status;
  if (r.skipped) return 'skipped';
  if (r.error) return 'error';
  return r.ok ? 'ok' : 'fail';
}

function detail(r: RuleResult): string {
  if (r.skipped) return `skipped: ${r.skipped}`;
  if (r.error) return `error: ${r.error}`;
  if (r.expected) return `expected ${fmt(r.expected[0])}..${Number.isFinite(r.expected[1]) ? fmt(r.expected[1]) : '∞'}`;
  if (r.figure === 0) return '0 offending rows';
  return `${r.figure} offending${r.examples?.length ? `, e.g. ${r.examples.join(', ')}` : ''}`;
}

/** Every rule, problems first (anything not ok), then the rest in the validator's order. */
export function validationRows(report: ValidationReport): ReportData['validation'] {
  const rows: RuleRow[] = report.results.map((r) => ({
    status: ruleStatus(r),
    id: r.id,
    table: r.table,
    figure: fmt(r.figure),
    detail: detail(r),
    description: r.description,
  }));
  const rank = (s: string) => (s === 'ok' ? 2 : s === 'skipped' ? 1 : 0);
  rows.sort((a, b) => rank(a.status) - rank(b.status));
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const summary = Object.entries(counts)
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  return { summary: `${rows.length} rules: ${summary}`, counts, rules: rows };
}
