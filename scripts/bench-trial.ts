/**
 * One bench measurement in its own process (spawned by scripts/bench.ts), so peak RSS
 * (getrusage maxRSS) and CPU time (all threads of this process) belong to that measurement
 * alone. Prints one JSON line on stdout.
 */
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { continuation } from '../src/cli/continue-options.js';
import { runLoad } from '../src/cli/load.js';
import { runValidate } from '../src/cli/validate.js';
import { resolveConfig } from '../src/config/load.js';
import { generate } from '../src/pipeline/generate.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { duckReferenceSql } from './bench-reference.js';

export type Trial =
  | {
      kind: 'idgraph';
      households: number;
      profile: 'core' | 'all';
      workers: number;
      out: string;
      /** false: skip reading the row groups back (DuckDB), which would count in this trial's time. */
      rowGroups?: boolean;
    }
  /** `generate --continue <parent> --days N --out <out>` (scripts/bench-increment.ts). */
  | { kind: 'continue'; parent: string; days: number; workers: number; out: string }
  | { kind: 'duck'; rows: number; partitioned: boolean; threads: number; out: string }
  | { kind: 'load'; drop: string; db: string }
  | { kind: 'validate'; db: string };

export interface TrialResult {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
  cores: number;
  [key: string]: unknown;
}

/** Rows per row group of the event tables' files, read back by DuckDB from the Parquet footers. */
async function rowGroups(out: string, tables: string[]): Promise<Record<string, unknown>> {
  const db = await openDuck();
  const result: Record<string, unknown> = {};
  try {
    for (const t of tables) {
      const rows = await db.all(`WITH rg AS (
          SELECT file_name, row_group_id, any_value(row_group_num_rows) AS n, any_value(f.num_rows) AS file_rows
          FROM parquet_metadata('${join(out, t)}/**/*.parquet') JOIN parquet_file_metadata('${join(out, t)}/**/*.parquet') f USING (file_name)
          GROUP BY ALL)
        SELECT count(*) AS groups, min(n) AS min, median(n) AS median, max(n) AS max,
          count(*) FILTER (WHERE n < 65536 AND n < file_rows) AS small FROM rg`);
      result[t] = rows[0];
    }
  } finally {
    db.close();
  }
  return result;
}

/** Work a trial does after its measurement (a function under this key of run's result). */
const AFTER = Symbol('after');

async function run(trial: Trial): Promise<Record<string | symbol, unknown>> {
  switch (trial.kind) {
    case 'idgraph': {
      const config = resolveConfig({ households: trial.households, seed: 1, output: { tables: trial.profile } });
      const r = await generate(config, { out: trial.out, workers: trial.workers });
      const tables = Object.fromEntries(
        Object.entries(r.manifest.tables).map(([k, v]) => [k, { rows: v.rows, bytes: v.bytes }]),
      );
      const events = ['content_engagements', 'campaign_exposures', 'response_events'].filter(
        (t) => (r.manifest.tables[t]?.rows ?? 0) > 0,
      );
      if (trial.rowGroups === false) return { tables, times: r.times };
      // Read back after the clock stops: DuckDB's reading is not idgraph's time.
      return { tables, times: r.times, [AFTER]: async () => ({ rowGroups: await rowGroups(trial.out, events) }) };
    }
    case 'continue': {
      // As the CLI does it: the parent's manifest read and checked is part of the increment's cost.
      const c = continuation({ continue: trial.parent, days: String(trial.days), out: trial.out })!;
      const r = await generate(c.config, { out: trial.out, workers: trial.workers, parent: c.parent });
      const tables = Object.fromEntries(
        Object.entries(r.manifest.tables).map(([k, v]) => [k, { rows: v.rows, bytes: v.bytes }]),
      );
      return { tables, times: r.times };
    }
    case 'duck': {
      mkdirSync(trial.out, { recursive: true });
      const db = await openDuck();
      try {
        await db.run(`SET threads = ${trial.threads}`);
        await db.run(duckReferenceSql(trial.rows, trial.out, trial.partitioned));
      } finally {
        db.close();
      }
      return {};
    }
    case 'load': {
      const r = await runLoad(trial.drop, trial.db);
      return { rows: Object.values(r.inserted).reduce((a, b) => a + b, 0), dbBytes: statSync(trial.db).size };
    }
    case 'validate': {
      const report = await runValidate(undefined, trial.db);
      return { failed: report.failed };
    }
  }
}

const trial = JSON.parse(process.argv[2]) as Trial;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const extra = await run(trial);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const after = extra[AFTER] as (() => Promise<Record<string, unknown>>) | undefined;
const result: TrialResult = {
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  cores: availableParallelism(),
  ...extra,
  ...(after ? await after() : {}),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
