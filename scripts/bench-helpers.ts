/** What scripts/bench.ts and scripts/bench-increment.ts share: running a trial, and printing numbers. */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trial, TrialResult } from './bench-trial.js';

const trialScript = join(dirname(fileURLToPath(import.meta.url)), 'bench-trial.js');

/** One measurement in its own process (scripts/bench-trial.ts), so its CPU and RSS are its own. */
export function trial(t: Trial): TrialResult {
  const out = execFileSync(process.execPath, [trialScript, JSON.stringify(t)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 2 ** 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as TrialResult;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
/** `median [min–max]` of a list. */
export const spread = (xs: number[], digits = 0): string =>
  `${fmt(median(xs), digits)} [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]`;
export const pad = (cells: string[], widths: number[]): string =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

export const totalRows = (r: TrialResult): number =>
  Object.values(r.tables as Record<string, { rows: number }>).reduce((a, t) => a + t.rows, 0);
export const totalBytes = (r: TrialResult): number =>
  Object.values(r.tables as Record<string, { bytes: number }>).reduce((a, t) => a + t.bytes, 0);
