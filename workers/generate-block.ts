import { takeSeqHighWater } from '../src/lineage/high-water.js';
import { Piscina } from 'piscina';
import type { RunConfig } from '../src/config/schema.js';
import { generateChunk } from '../src/gen/chunk.js';
import { noteEncode, processCpuMs, takeRecomputeTimes } from '../src/gen/continue/recompute-time.js';
import { createContext, type GenContext } from '../src/gen/context.js';
import { encodeParquet } from '../src/write/encode-parquet.js';
import { type EncodedChunk, type BlockTask, PROGRESS_HOUSEHOLDS } from '../src/pipeline/block-task.js';

let cached: { key: string; ctx: GenContext } | undefined;

/** Piscina entry: generate a block of chunks, encode each part, move the bytes back. */
export default function generateBlock(task: BlockTask) {
  const key = JSON.stringify([task.config, task.lineage]);
  if (cached?.key !== key) cached = { key, ctx: createContext(task.config as RunConfig, task.lineage) };
  const ctx = cached.ctx;
  const chunks: EncodedChunk[] = [];
  const buffers: ArrayBuffer[] = [];
  // Progress only: never read back by generation, so it cannot change a byte.
  let pending = 0;
  const onHousehold = task.progress
    ? () => {
        if (++pending < PROGRESS_HOUSEHOLDS) return;
        task.progress!.postMessage(pending);
        pending = 0;
      }
    : undefined;
  for (let c = task.firstChunk; c < task.firstChunk + task.chunkCount; c++) {
    const first = c * task.chunkHouseholds;
    const count = Math.min(task.chunkHouseholds, task.households - first);
    const t0 = performance.now();
    const cpu0 = processCpuMs(task.workers);
    takeSeqHighWater();
    takeRecomputeTimes();
    const output = generateChunk(ctx, first, count, onHousehold);
    const t1 = performance.now();
    // The recompute as CPU time: its share of the chunk's wall time, times the chunk's CPU.
    const recompute = takeRecomputeTimes((processCpuMs(task.workers) - cpu0) / (t1 - t0));
    const seqHighWater = takeSeqHighWater();
    const cpu1 = processCpuMs(task.workers);
    const parts = output.parts().map(({ key: part, builder }) => {
      const te = performance.now();
      const bytes = encodeParquet(builder.finish());
      // An increment's recomputed tables: their encoding is part of rebuilding them (recompute-time.ts).
      if (task.lineage) noteEncode(part.table, te);
      buffers.push(bytes.buffer as ArrayBuffer);
      return { ...part, rows: builder.rowCount, bytes };
    });
    const encoded = takeRecomputeTimes((processCpuMs(task.workers) - cpu1) / (performance.now() - t1));
    for (const k of Object.keys(recompute) as (keyof typeof recompute)[]) recompute[k] += encoded[k];
    // Every part is encoded (copied into its Parquet bytes): the builders' arrays serve the next chunk.
    output.release();
    chunks.push({
      chunk: c,
      households: count,
      parts,
      seqHighWater,
      recompute,
      generateMs: t1 - t0,
      encodeMs: performance.now() - t1,
    });
  }
  if (pending) task.progress?.postMessage(pending);
  task.progress?.close();
  // Transfer, not clone: the encoded bytes change owner without a copy.
  return Piscina.move({ [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: chunks } as unknown as Parameters<
    typeof Piscina.move
  >[0]);
}
