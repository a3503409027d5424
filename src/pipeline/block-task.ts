import type { GenLineage } from '../lineage/types.js';
import type { RunConfig } from '../config/schema.js';
import type { MessagePort } from 'node:worker_threads';
import type { PartKey } from '../gen/chunk-output.js';
import type { RecomputeTimes } from '../gen/continue/recompute-time.js';

/** What the main thread sends a worker: a run of consecutive chunks. */
export interface BlockTask {
  config: RunConfig;
  households: number;
  chunkHouseholds: number;
  firstChunk: number;
  chunkCount: number;
  /** Size of the pool: a worker's share of the process CPU (recompute-time.ts processCpuMs). */
  workers?: number;
  /** Set when continuing a lineage (generate --continue). */
  lineage?: GenLineage;
  /**
   * The base's campaign paths (src/gen/continue/path-state.ts): `from`, the parent drop's folder
   * and fingerprint, whose saved paths an increment reads; `save`, whether this drop saves them.
   */
  pathState?: { from?: { dir: string; fingerprint: string }; save: boolean };
  /** Where the worker posts households generated so far (a count every PROGRESS_HOUSEHOLDS), for the progress bar. */
  progress?: MessagePort;
}

/** Households between progress messages: fine enough for a bar, rare enough to cost nothing. */
export const PROGRESS_HOUSEHOLDS = 256;

export interface EncodedPart extends PartKey {
  rows: number;
  /** A complete one-row-group Parquet file without dictionary pages; the writer merges its pages into row groups. */
  bytes: Uint8Array;
}

export interface EncodedChunk {
  chunk: number;
  households: number;
  parts: EncodedPart[];
  /** Worker thread time spent generating and encoding this chunk (for `npm run bench`). */
  generateMs: number;
  encodeMs: number;
  /**
   * Of generateMs, an increment's recompute (src/gen/continue/recompute-time.ts), in CPU time
   * (its wall time scaled by the chunk's CPU over wall); zeros in a base.
   */
  recompute: RecomputeTimes;
  /** This drop's saved base paths for the chunk (path-state.ts), when it saves any. */
  pathState?: Uint8Array;
  /** People whose base paths were read from the parent's saved paths, and those replayed. */
  basePaths: { read: number; replayed: number };
  /** Highest next event, exposure and response sequence number of any person (src/lineage/high-water.ts). */
  seqHighWater: [number, number, number];
}
