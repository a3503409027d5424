import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { generate } from '../pipeline/generate.js';
import { TABLES } from '../schema/registry.js';

/**
 * Households in the measured sample: enough chunks (of 64) to keep every core busy.
 * IDGRAPH_INIT_SAMPLE_HOUSEHOLDS (a multiple of 64) is a test hook: the wizard test walks seven
 * steps that each re-measure, and one chunk is enough for it to see an estimate.
 */
export const SAMPLE_HOUSEHOLDS = sampleHouseholds(process.env.IDGRAPH_INIT_SAMPLE_HOUSEHOLDS);

function sampleHouseholds(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= 64 && n % 64 === 0 ? n : 512;
}

/** Per-household rates measured by generating a small sample with the real generator. */
export interface Rates {
  rowsPerHousehold: Record<string, number>;
  /** Tables whose size does not grow with households (campaigns): rows as measured. */
  fixedRows: Record<string, number>;
  bytesPerHousehold: number;
  secondsPerHousehold: number;
  workers: number;
}

export interface Estimate {
  rows: Record<string, number>;
  bytes: number;
  seconds: number;
  workers: number;
}

/** Campaigns are a global table: their count is a setting, not a per-household rate. */
const FIXED = new Set(['campaigns']);

/**
 * Generates SAMPLE_HOUSEHOLDS households of this config into a temporary folder (removed after)
 * and returns the rates. Rates depend on the config but not on its household count or seed.
 */
export async function measureRates(config: RunConfig, signal?: AbortSignal): Promise<Rates> {
  const dir = mkdtempSync(join(tmpdir(), 'idgraph-estimate-'));
  const workers = availableParallelism();
  try {
    const sample: RunConfig = {
      ...config,
      households: SAMPLE_HOUSEHOLDS,
      output: { ...config.output, chunkHouseholds: 64 },
    };
    // Time from the first finished chunk to the end: the steady rate, without the pool's start-up.
    let first: { at: number; done: number } | undefined;
    const { manifest, seconds } = await generate(sample, {
      out: join(dir, 'drop'),
      workers,
      signal,
      onProgress: (done) => {
        first ??= { at: performance.now(), done };
      },
    });
    const steady =
      first && first.done < SAMPLE_HOUSEHOLDS
        ? (performance.now() - first.at) / 1000 / (SAMPLE_HOUSEHOLDS - first.done)
        : seconds / SAMPLE_HOUSEHOLDS;
    const rowsPerHousehold: Record<string, number> = {};
    const fixedRows: Record<string, number> = {};
    let bytes = 0;
    for (const t of TABLES) {
      const m = manifest.tables[t.name] ?? { rows: 0, bytes: 0 };
      bytes += m.bytes;
      if (FIXED.has(t.name)) fixedRows[t.name] = m.rows;
      else rowsPerHousehold[t.name] = m.rows / SAMPLE_HOUSEHOLDS;
    }
    return {
      rowsPerHousehold,
      fixedRows,
      bytesPerHousehold: bytes / SAMPLE_HOUSEHOLDS,
      secondsPerHousehold: steady,
      workers,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Linear scaling of the measured rates to the chosen household count. */
export function estimate(rates: Rates, households: number): Estimate {
  const rows: Record<string, number> = {};
  for (const t of TABLES)
    rows[t.name] = FIXED.has(t.name)
      ? (rates.fixedRows[t.name] ?? 0)
      : Math.round((rates.rowsPerHousehold[t.name] ?? 0) * households);
  return {
    rows,
    bytes: rates.bytesPerHousehold * households,
    seconds: rates.secondsPerHousehold * households,
    workers: rates.workers,
  };
}

/** The part of a config that changes the rates (not the household count or seed). */
export const ratesKey = (config: RunConfig): string => JSON.stringify({ ...config, households: 0, seed: 0 });
