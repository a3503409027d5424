import { UserError } from '../errors.js';

/** The only place that writes to the terminal and decides exit codes. */
export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};
export const warn = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

export function fail(err: unknown): number {
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

export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
