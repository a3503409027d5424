import type { RunConfig } from '../config/schema.js';
import { UserError } from '../errors.js';
import type { Shard } from '../write/manifest.js';

export interface Plan {
  chunkHouseholds: number;
  totalChunks: number;
  /** This shard's chunks: [firstChunk, endChunk). */
  firstChunk: number;
  endChunk: number;
  chunksPerBlock: number;
  households: { first: number; count: number };
}

/** `K/N` → shard K of N (0-based). */
export function parseShard(text: string | undefined): Shard {
  if (text === undefined) return { index: 0, count: 1 };
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count)
    throw new UserError(`--shard must be K/N with 0 ≤ K < N (got '${text}')`, 'for example --shard 0/4 … --shard 3/4');
  return { index, count };
}

/**
 * Splits the household range into fixed chunks (the unit of layout) and gives this shard a
 * contiguous run of them. Block size only groups chunks into worker tasks, so it must be a
 * whole number of chunks and never changes the output.
 */
export function makePlan(config: RunConfig, shard: Shard, blockHouseholds: number | undefined): Plan {
  const chunkHouseholds = config.output.chunkHouseholds;
  const totalChunks = Math.ceil(config.households / chunkHouseholds);
  const block = blockHouseholds ?? chunkHouseholds;
  if (!Number.isInteger(block) || block < chunkHouseholds || block % chunkHouseholds !== 0) {
    throw new UserError(
      `--block-size must be a positive multiple of output.chunkHouseholds (${chunkHouseholds}), got ${block}`,
      `for example --block-size ${chunkHouseholds * 4}`,
    );
  }
  const firstChunk = Math.floor((totalChunks * shard.index) / shard.count);
  const endChunk = Math.floor((totalChunks * (shard.index + 1)) / shard.count);
  const first = firstChunk * chunkHouseholds;
  const end = Math.min(config.households, endChunk * chunkHouseholds);
  return {
    chunkHouseholds,
    totalChunks,
    firstChunk,
    endChunk,
    chunksPerBlock: block / chunkHouseholds,
    households: { first, count: Math.max(0, end - first) },
  };
}
