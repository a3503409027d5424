import type { GenLineage } from '../lineage/types.js';
import type { RunConfig } from '../config/schema.js';
import type { PartKey } from '../gen/chunk-output.js';

/** What the main thread sends a worker: a run of consecutive chunks. */
export interface BlockTask {
  config: RunConfig;
  households: number;
  chunkHouseholds: number;
  firstChunk: number;
  chunkCount: number;
  /** Set when continuing a lineage (generate --continue). */
  lineage?: GenLineage;
}

export interface EncodedPart extends PartKey {
  rows: number;
  /**
   * `parquet`: a complete one-row-group Parquet file, stitched as is. `arrow`: an Arrow IPC
   * stream of a part too small to be a good row group; the writer coalesces those.
   */
  format: 'parquet' | 'arrow';
  bytes: Uint8Array;
}

export interface EncodedChunk {
  chunk: number;
  households: number;
  parts: EncodedPart[];
  /** Highest next event, exposure and response sequence number of any person (src/lineage/high-water.ts). */
  seqHighWater: [number, number, number];
}
