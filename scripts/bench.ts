/**
 * `npm run bench [-- --households N] [--profile all|core] [--runs R] [--workers W] [--load]`
 * `npm run bench -- --increment [--households N] [--days D] [--runs R] [--workers W]`: issue 13's
 * increment cost (scripts/bench-increment.ts) instead.
 *
 * Like-for-like: every measurement runs in its own child process (scripts/bench-trial.ts), so
 * peak RSS and CPU time are that measurement's alone, and idgraph and the two DuckDB references
 * (hive-partitioned by event_date, and flat; same columns and types as content_engagements, ZSTD,
 * the same total row count as the drop) alternate run by run, so drift on a shared machine hits
 * both sides. Prints median [min–max] of R runs, the worker-scaling table, the per-stage split,
 * row-group sizes read back from the footers, and with --load the DuckDB load and validate --db.
 * Speed targets live here (issue 12), never in tests.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultWorkers } from '../src/pipeline/generate.js';
import { benchIncrement } from './bench-increment.js';
import { fmt, median, pad, spread, totalBytes, totalRows, trial } from './bench-helpers.js';
import type { TrialResult } from './bench-trial.js';

const { values } = parseArgs({
  options: {
    households: { type: 'string', default: '100000' },
    profile: { type: 'string', default: 'all' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string' },
    scaling: { type: 'string', default: '1,2' },
    load: { type: 'boolean', default: false },
    increment: { type: 'boolean', default: false },
    days: { type: 'string', default: '7' },
  },
});
const households = Number(values.households);
const profile = values.profile as 'all' | 'core';
if (profile !== 'all' && profile !== 'core') throw new Error('--profile must be all or core');
const runs = Math.max(1, Number(values.runs));
const workers = values.workers ? Number(values.workers) : defaultWorkers();
const scaling = values.scaling
  .split(',')
  .map(Number)
  .filter((w) => w > 0 && w !== workers);
if (values.increment) {
  // Issue 13's cost target: a base, then a --days increment of it (scripts/bench-increment.ts).
  // One worker by default: CPU time is what the target compares, and one worker disturbs it least.
  benchIncrement({ households, days: Number(values.days), runs, workers: values.workers ? Number(values.workers) : 1 });
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'idgraph-bench-'));

function folderBytes(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((a, name) => a + folderBytes(join(path, name)), 0);
}

interface Side {
  name: string;
  rate: number[];
  cpu: number[];
  /** CPU seconds (all threads) per million rows: comparable even on a busy machine. */
  cpuPerM: number[];
  rss: number[];
  bytesPerRow: number[];
}
const side = (name: string): Side => ({ name, rate: [], cpu: [], cpuPerM: [], rss: [], bytesPerRow: [] });

function idgraphRuns(w: number, count: number, keepLast: boolean, into: Side, refs?: Side[]): TrialResult {
  let last: TrialResult | undefined;
  for (let i = 0; i < count; i++) {
    const out = join(dir, `drop-${w}-${i}`);
    const r = trial({ kind: 'idgraph', households, profile, workers: w, out });
    const rows = totalRows(r);
    into.rate.push(rows / r.seconds);
    into.cpu.push(r.cpuSeconds / (r.seconds * r.cores));
    into.cpuPerM.push((r.cpuSeconds * 1e6) / rows);
    into.rss.push(r.maxRssMB);
    into.bytesPerRow.push(totalBytes(r) / rows);
    if (!(keepLast && i === count - 1)) rmSync(out, { recursive: true, force: true });
    // The references write the same row count right after, in the same run.
    for (const ref of refs ?? []) {
      const partitioned = ref.name.includes('partitioned');
      const refOut = join(dir, `duck-${i}`);
      const d = trial({ kind: 'duck', rows, partitioned, threads: w, out: refOut });
      ref.rate.push(rows / d.seconds);
      ref.cpu.push(d.cpuSeconds / (d.seconds * d.cores));
      ref.cpuPerM.push((d.cpuSeconds * 1e6) / rows);
      ref.rss.push(d.maxRssMB);
      ref.bytesPerRow.push(folderBytes(refOut) / rows);
      rmSync(refOut, { recursive: true, force: true });
    }
    last = r;
  }
  return last!;
}

try {
  console.log(
    `profile: ${fmt(households)} households, seed 1, default config, --profile ${profile}; ${workers} workers (${availableParallelism()} cores); median [min–max] of ${runs} runs`,
  );
  const ours = side(`idgraph (${workers} workers)`);
  const hive = side('DuckDB partitioned by event_date');
  const flat = side('DuckDB flat file');
  const last = idgraphRuns(workers, runs, values.load, ours, [hive, flat]);
  const rows = totalRows(last);
  console.log(
    `\n${fmt(rows)} rows in ${Object.keys(last.tables as object).length} tables; DuckDB references write ${fmt(rows)} content_engagements-shaped rows (ZSTD)`,
  );
  const w = [34, 30, 18, 18, 16, 10];
  console.log(pad(['writer', 'rows/s (wall)', 'CPU/cores', 'CPU s/M rows', 'peak RSS MB', 'bytes/row'], w));
  for (const s of [ours, hive, flat])
    console.log(
      pad(
        [s.name, spread(s.rate), spread(s.cpu, 2), spread(s.cpuPerM, 2), spread(s.rss), fmt(median(s.bytesPerRow), 1)],
        w,
      ),
    );
  console.log(
    `ratio idgraph / DuckDB partitioned: ${(median(ours.rate) / median(hive.rate)).toFixed(2)} (target ≥ 1.25); idgraph / DuckDB flat: ${(median(ours.rate) / median(flat.rate)).toFixed(2)} (target ≥ 0.8)`,
  );

  // Worker scaling: the same profile with other worker counts.
  const scaled = new Map<number, Side>([[workers, ours]]);
  for (const n of scaling) {
    const s = side(`${n} workers`);
    idgraphRuns(n, runs, false, s);
    scaled.set(n, s);
  }
  const base = scaled.get(Math.min(...scaled.keys()))!;
  console.log(
    `\nworker scaling\n${pad(['workers', 'rows/s (wall)', 'CPU/cores', 'CPU s/M rows', 'peak RSS MB', '× min'], w)}`,
  );
  for (const n of [...scaled.keys()].sort((a, b) => a - b)) {
    const s = scaled.get(n)!;
    console.log(
      pad(
        [
          String(n),
          spread(s.rate),
          spread(s.cpu, 2),
          spread(s.cpuPerM, 2),
          spread(s.rss),
          (median(s.rate) / median(base.rate)).toFixed(2),
        ],
        w,
      ),
    );
  }

  // Per-stage split of the last run: thread time summed over workers and the main thread.
  const t = last.times as Record<string, number>;
  const stage = (label: string, ms: number) =>
    console.log(
      `  ${label.padEnd(34)}${fmt(ms / 1000, 1).padStart(8)} s  ${((100 * ms) / (last.seconds * 1000)).toFixed(0).padStart(4)}% of wall`,
    );
  console.log(`\nper-stage thread time (last run, wall ${fmt(last.seconds, 1)} s, CPU ${fmt(last.cpuSeconds, 1)} s)`);
  stage('generate (workers)', t.generateMs);
  stage('encode (workers)', t.workerEncodeMs);
  stage('stitch (main thread)', t.stitchMs);
  stage('write + sha256 (main thread)', t.writeMs);
  console.log(
    `  rows encoded in workers: ${fmt(t.workerEncodedRows)} of ${fmt(rows)} (the rest, if any, on the main thread)`,
  );
  console.log(
    '\nevent-table row groups (from the Parquet footers; "small" = under 65,536 rows and not the whole file)',
  );
  for (const [table, g] of Object.entries(last.rowGroups as Record<string, Record<string, number>>))
    console.log(
      `  ${table.padEnd(22)} ${fmt(Number(g.groups))} groups, rows min ${fmt(Number(g.min))} median ${fmt(Number(g.median))} max ${fmt(Number(g.max))}, small ${fmt(Number(g.small))}`,
    );

  if (values.load) {
    const drop = join(dir, `drop-${workers}-${runs - 1}`);
    const db = join(dir, 'bench.duckdb');
    const parquet = totalBytes(last);
    const l = trial({ kind: 'load', drop, db });
    const v = trial({ kind: 'validate', db });
    console.log('\nDuckDB load of the last drop (idgraph load <drop> --db …), then validate --db');
    console.log(
      `  load: ${fmt(l.seconds, 1)} s (${fmt(Number(l.rows) / l.seconds)} rows/s; generation took ${fmt(last.seconds, 1)} s), CPU ${fmt(l.cpuSeconds, 1)} s, peak RSS ${fmt(l.maxRssMB)} MB, database ${fmt(Number(l.dbBytes) / 2 ** 20)} MB = ${(Number(l.dbBytes) / parquet).toFixed(2)}× the Parquet (${fmt(parquet / 2 ** 20)} MB)`,
    );
    console.log(
      `  validate --db: ${fmt(v.seconds, 1)} s, CPU ${fmt(v.cpuSeconds, 1)} s, peak RSS ${fmt(v.maxRssMB)} MB, ${v.failed} rule(s) failed`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
