import { takeSeqHighWater } from '../src/lineage/high-water.js';
import { Piscina } from 'piscina';
import type { RunConfig } from '../src/config/schema.js';
import { type ChunkPathState, generateChunk } from '../src/gen/chunk.js';
import { baseWindowStart, replayedCampaigns } from '../src/gen/continue/base-paths.js';
import { PathStateReader, PathStateWriter } from '../src/gen/continue/path-state.js';
import { readState } from '../src/gen/continue/path-state-file.js';
import { noteEncode, processCpuMs, takeRecomputeTimes } from '../src/gen/continue/recompute-time.js';
import { createContext, type GenContext } from '../src/gen/context.js';
import { encodeParquet } from '../src/write/encode-parquet.js';
import { type EncodedChunk, type BlockTask, PROGRESS_HOUSEHOLDS } from '../src/pipeline/block-task.js';

let cached: { key: string; ctx: GenContext } | undefined;

/** The parent's saved base paths for chunk `c` (an increment's), and a writer when this drop saves its own. */
function pathStateFor(ctx: GenContext, task: BlockTask, c: number): ChunkPathState {
  const from = task.pathState?.from;
  const body = from && ctx.lineage ? readState(from.dir, c, from.fingerprint) : undefined;
  return {
    ...(body ? { from: new PathStateReader(body, replayedCampaigns(ctx)) } : {}),
    ...(task.pathState?.save ? { to: new PathStateWriter(ctx.idSpan, baseWindowStart(ctx)) } : {}),
    read: 0,
    replayed: 0,
  };
}

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
    const paths = pathStateFor(ctx, task, c);
    const output = generateChunk(ctx, first, count, onHousehold, paths);
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
    const pathState = paths.to?.finish();
    if (pathState?.length) buffers.push(pathState.buffer as ArrayBuffer);
    // Every part is encoded (copied into its Parquet bytes): the builders' arrays serve the next chunk.
    output.release();
    chunks.push({
      chunk: c,
      households: count,
      parts,
      seqHighWater,
      ...(pathState?.length ? { pathState } : {}),
      basePaths: { read: paths.read, replayed: paths.replayed },
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
