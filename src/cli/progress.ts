import cliProgress from 'cli-progress';
import { UserError } from '../errors.js';
import { warn } from './output.js';

/** Seconds between plain progress lines when stderr is not a terminal (CI logs, pipes). */
export const DEFAULT_PROGRESS_SECONDS = 10;

/**
 * IDGRAPH_PROGRESS: `off` silences progress; a number of seconds sets how often a plain line is
 * printed when stderr is not a terminal (0: at every update). A terminal always gets a bar.
 */
export function progressSetting(): 'off' | number {
  const text = process.env.IDGRAPH_PROGRESS?.trim();
  if (text === undefined || text === '') return DEFAULT_PROGRESS_SECONDS;
  if (text === 'off') return 'off';
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0)
    throw new UserError(
      `IDGRAPH_PROGRESS must be off or a number of seconds ≥ 0 (got '${text}')`,
      `unset it for a line every ${DEFAULT_PROGRESS_SECONDS} s, or set IDGRAPH_PROGRESS=off`,
    );
  return n;
}

/**
 * A plain line on stderr at most every `seconds` (the first update prints at once, so a log
 * shows the stage started); `final` prints the latest state, if any, unless it already printed.
 */
export function plainProgress(seconds: number): { line(text: string): void; final(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let printed = '';
  let latest = '';
  return {
    line(text) {
      latest = text;
      const now = performance.now();
      if (text === printed || now - last < seconds * 1000) return;
      last = now;
      printed = text;
      warn(text);
    },
    final() {
      if (latest && latest !== printed) warn(latest);
      printed = latest;
    },
  };
}

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A bar on a terminal; elsewhere `idgraph: [label] 4,096 of 20,000 households (20%)` every few
 * seconds (IDGRAPH_PROGRESS), then once at the end.
 */
export function progressBar(label: string, unit: string): Progress {
  const setting = progressSetting();
  if (setting === 'off') return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    const plain = plainProgress(setting);
    return {
      update(done, total) {
        const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
        plain.line(`idgraph: [${label}] ${num(done)} of ${num(total)} ${unit} (${pct}%)`);
      },
      stop: plain.final,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
