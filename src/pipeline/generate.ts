import { existsSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { RunConfig } from '../config/schema.js';
import { CancelledError } from '../errors.js';
import { fsUserError } from '../fs-errors.js';
import { WORKER_PATH } from '../paths.js';
import { maxWorkers } from '../resources.js';
import { TABLES } from '../schema/registry.js';
import type { WrittenFile } from '../write/drop-files.js';
import { DropWriter } from '../write/drop-writer.js';
import { checkBaseIdRoom } from '../gen/continue/path-ids.js';
import { genLineage, lineageRecord, type SeqMarks } from '../lineage/lineage.js';
import type { Lineage } from '../lineage/types.js';
import { frameState, STATE_DIR, writeState } from '../gen/continue/path-state-file.js';
import { buildManifest, dropFingerprint, type Manifest, type Shard, writeManifest } from '../write/manifest.js';
import { prepareOutputDir } from '../write/output-dir.js';
import type { BlockTask, EncodedChunk } from './block-task.js';
import { makePlan } from './plan.js';
import type { StageTimes } from './stage-times.js';

export interface GenerateOptions {
  out: string;
  workers?: number;
  blockHouseholds?: number;
  shard?: Shard;
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Households generated so far (reported by the workers every PROGRESS_HOUSEHOLDS), of the shard's total. */
  onProgress?: (householdsDone: number, householdsTotal: number) => void;
  /** Rows per row group (default ROW_GROUP_ROWS); tests lower it to exercise merging on small drops. Not a user option. */
  rowGroupRows?: number;
  /** Called as each file is committed (staging uploads stream from here). */
  onFile?: (file: WrittenFile) => Promise<void>;
  /**
   * The drop this run continues (generate --continue): src/lineage/parent.ts reads it. With its
   * folder (`root`), the increment reads the base paths it saved (src/gen/continue/path-state.ts).
   */
  parent?: { lineage: Lineage; fingerprint: string; sha256: string; root?: string };
}

export interface GenerateResult {
  manifest: Manifest;
  manifestName: string;
  seconds: number;
  /** Thread time per stage (see stage-times.ts). */
  times: StageTimes;
  /**
   * An increment's base people whose campaign paths were read from the parent's saved state, and
   * those replayed (src/gen/continue/path-state.ts); zeros in a base.
   */
  basePaths: { read: number; replayed: number };
}

/** File-system failures the user can fix get one clear message (src/fs-errors.ts); anything else stays internal. */
function asUserError(err: unknown, out: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const cleaned =
    code === 'ENOSPC' || code === 'EDQUOT' ? '; unfinished files were removed and no manifest was written' : '';
  return fsUserError(err, {
    path: (err as NodeJS.ErrnoException).path ?? out,
    doing: 'write',
    fix: `or choose another --out${cleaned}`,
  });
}

/** Old-generation cap per worker: a chunk's builders and buffers need ~150 MB; the rest is headroom. */
const WORKER_HEAP_MB = 512;
/**
 * Young generation per worker (V8 splits it into three semi-spaces: 32 MB each, against 16 MB
 * by default). Generation allocates ~600 bytes of short-lived objects per row; a larger nursery
 * means fewer scavenges and fewer objects promoted only to die in the old generation. Measured
 * (scripts/bench-profile.ts --repeat, semi-space 16 -> 32 MB): generation CPU -6%, with V8's GC
 * helper threads busy less; 64 MB gained ~4% more for ~100 MB more RSS per worker.
 */
const WORKER_YOUNG_MB = 96;

/** One per core, unless memory holds fewer (src/resources.ts). */
export const defaultWorkers = (): number => Math.min(availableParallelism(), maxWorkers());

/**
 * Generates this shard's households in a worker pool. Blocks finish in any order; the writer
 * consumes chunks strictly in order (a small reorder buffer), which bounds memory: at most
 * `2 × workers` blocks are in flight or waiting.
 */
export async function generate(config: RunConfig, options: GenerateOptions): Promise<GenerateResult> {
  const shard = options.shard ?? { index: 0, count: 1 };
  // Never a base that cannot be continued (its ids would leave no room for an increment's).
  if (!options.parent) checkBaseIdRoom(config);
  const plan = makePlan(config, shard, options.blockHouseholds);
  // One writer per folder (or shard of a folder) for the whole run: see prepareOutputDir.
  const existed = existsSync(options.out);
  const lock = await prepareOutputDir(options.out, options.overwrite ?? false, shard);
  let ok = false;
  try {
    const result = await generateInto(config, options, shard, plan);
    ok = true;
    return result;
  } finally {
    await lock.release();
    // A folder this run created and left empty (Ctrl-C, failure) goes too; rmdir keeps a non-empty one.
    if (!ok && !existed) await rmdir(options.out).catch(() => {});
  }
}

async function generateInto(
  config: RunConfig,
  options: GenerateOptions,
  shard: Shard,
  plan: ReturnType<typeof makePlan>,
): Promise<GenerateResult> {
  const started = performance.now();
  const workers = Math.max(1, options.workers ?? defaultWorkers());

  const fingerprint = dropFingerprint(config, options.parent?.sha256);
  const writer = new DropWriter(
    options.out,
    config.output.targetFileMB * 1024 * 1024,
    fingerprint,
    options.onFile,
    options.rowGroupRows,
  );
  // A bounded old generation makes V8 collect instead of growing the heap with the run's length.
  const pool = new Piscina({
    filename: WORKER_PATH,
    minThreads: workers,
    maxThreads: workers,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  let stopped: Promise<void> | undefined;
  const stopPool = () => {
    stopped ??= pool.destroy();
    return stopped;
  };
  const waiting = new Map<number, EncodedChunk>();
  let nextChunk = plan.firstChunk;
  let generated = 0;
  let cancelled = false;
  const onAbort = () => {
    cancelled = true;
  };
  options.signal?.addEventListener('abort', onAbort);

  const lineage = genLineage(config, options.parent?.lineage);
  const marks: SeqMarks = [0, 0, 0];
  const basePaths = { read: 0, replayed: 0 };
  const stateFiles: string[] = [];
  // Saved only with the campaign tables; an increment reads its parent's when it has a folder.
  const parent = options.parent;
  const pathState =
    config.output.tables === 'all'
      ? { save: true, ...(parent?.root ? { from: { dir: parent.root, fingerprint: parent.fingerprint } } : {}) }
      : undefined;
  const blocks: BlockTask[] = [];
  // Workers that run at once (recompute-time.ts shares the process CPU among them).
  const busy = Math.min(workers, Math.ceil((plan.endChunk - plan.firstChunk) / plan.chunksPerBlock));
  for (let c = plan.firstChunk; c < plan.endChunk; c += plan.chunksPerBlock) {
    blocks.push({
      config,
      households: config.households,
      chunkHouseholds: plan.chunkHouseholds,
      firstChunk: c,
      chunkCount: Math.min(plan.chunksPerBlock, plan.endChunk - c),
      workers: busy,
      ...(lineage ? { lineage } : {}),
      ...(pathState ? { pathState } : {}),
    });
  }

  // Writes are serialised through one promise chain so chunks reach the writer in order.
  let writing: Promise<void> = Promise.resolve();
  const drain = async () => {
    while (waiting.has(nextChunk) && !cancelled) {
      const chunk = waiting.get(nextChunk)!;
      waiting.delete(nextChunk);
      for (let k = 0; k < 3; k++) marks[k] = Math.max(marks[k], chunk.seqHighWater[k]);
      await writer.write(chunk);
      basePaths.read += chunk.basePaths.read;
      basePaths.replayed += chunk.basePaths.replayed;
      if (chunk.pathState)
        stateFiles.push(
          await writeState(options.out, chunk.chunk, frameState(chunk.pathState, fingerprint, chunk.chunk)),
        );
      nextChunk++;
    }
  };

  try {
    const inFlight = new Set<Promise<void>>();
    for (const task of blocks) {
      if (cancelled) break;
      // Workers report households as they generate them, so the bar moves within a block.
      const channel = options.onProgress ? new MessageChannel() : undefined;
      channel?.port1.on('message', (n: number) => {
        generated += n;
        options.onProgress?.(Math.min(generated, plan.households.count), plan.households.count);
      });
      // The worker closes its end when the block is done; ours never keeps the process alive.
      channel?.port1.unref();
      const run = pool
        .run(channel ? { ...task, progress: channel.port2 } : task, {
          signal: options.signal,
          ...(channel ? { transferList: [channel.port2] as never } : {}),
        })
        .then((chunks: EncodedChunk[]) => {
          for (const c of chunks) waiting.set(c.chunk, c);
          writing = writing.then(drain);
          return writing;
        });
      const tracked: Promise<void> = run.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= workers * 2) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await writing;
    if (cancelled) throw new CancelledError();
    // Whatever progress messages are still in transit, the bar ends full.
    options.onProgress?.(plan.households.count, plan.households.count);
    // The workers are done: their heaps, Parquet encoders and pooled builders (~200 MB each) go
    // before the writer completes every open file, where the run's peak RSS used to be.
    await stopPool();
    const files = await writer.finish();
    const manifest = buildManifest(
      config,
      shard,
      plan.households,
      files,
      TABLES.map((t) => t.name),
      lineageRecord(config, fingerprint, marks, options.parent),
    );
    const manifestName = await writeManifest(options.out, manifest);
    return {
      manifest,
      manifestName,
      seconds: (performance.now() - started) / 1000,
      times: writer.times,
      basePaths,
    };
  } catch (err) {
    // Let the write in progress settle first, or it could recreate a file after the cleanup.
    await writing.catch(() => {});
    await writer.abort();
    await Promise.all(stateFiles.map((f) => rm(f, { force: true })));
    if (stateFiles.length) await rmdir(join(options.out, STATE_DIR)).catch(() => {});
    if (cancelled || (err as Error).name === 'AbortError') throw new CancelledError();
    throw asUserError(err, options.out);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await stopPool();
  }
}
