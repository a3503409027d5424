import { UserError } from '../errors.js';
import { fsUserError } from '../fs-errors.js';

/** The only place that writes to the terminal and decides exit codes. */
export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const warn = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function fail(error: unknown): number {
  // A file-system error no command mapped (EACCES, ENOSPC, ENOTDIR…) still names its path: exit 2.
  const err = fsUserError(error);
  if (err instanceof UserError) {
    warn(`idgraph: ${err.message}${err.hint ? `\n  fix: ${err.hint}` : ''}`);
    return 2;
  }
  const e = err as { exitCode?: number; message?: string; name?: string };
  if (e?.name === 'CancelledError') {
    warn(`idgraph: ${e.message}`);
    return 130;
  }
  warn(`idgraph: internal error: ${e?.message ?? String(err)}`);
  if (process.env.IDGRAPH_DEBUG) warn(String((err as Error)?.stack));
  return 70;
}

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i ? 1 : 0)} ${units[i]}`;
}

/**
 * Columns padded to their widest cell, the first left-aligned. Loops rather than
 * `Math.max(...cells)`: spreading one argument per row overflows the stack past ~125k rows.
 */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const widths = headers.map((h) => h.length);
  for (const row of rows)
    for (let i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], String(row[i]).length);
  const line = (r: (string | number)[]) =>
    widths.map((w, i) => (i === 0 ? String(r[i]).padEnd(w) : String(r[i]).padStart(w))).join('  ');
  const lines = [line(headers), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) lines.push(line(row));
  return lines.join('\n');
}
