import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WrittenFile } from '../write/drop-files.js';
import { sha256File } from './hash-file.js';
import type { StagingSink } from './sink.js';
import { DEFAULT_UPLOAD_CONCURRENCY, sameObject, type StageItem } from './upload-drop.js';

export interface StageStreamOptions {
  concurrency?: number;
  /** Delete each local file once it is staged and verified, so local disk use stays bounded (default true). */
  removeLocal?: boolean;
  signal?: AbortSignal;
  onUploaded?: (key: string, bytes: number) => void;
}

export interface StageStream {
  /** Give as `generate`'s `onFile`: queues the file, and waits only while `concurrency` uploads are in flight. */
  onFile(file: WrittenFile): Promise<void>;
  /** After generate returned: waits for every upload, then stages the manifest, last. */
  finish(manifestName: string): Promise<{ uploaded: number; skipped: number; bytes: number }>;
  /** After a failure or interrupt: waits for the uploads in flight (no manifest is staged). */
  abort(): Promise<void>;
}

/**
 * Stages files while `generate` writes them (`generate --to`). Generation is deterministic, so
 * a rerun after an interruption produces the same files, and those already staged with the
 * same size and sha256 are skipped.
 */
export function stageWhileGenerating(sink: StagingSink, root: string, options: StageStreamOptions = {}): StageStream {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const counts = { uploaded: 0, skipped: 0, bytes: 0 };
  const rethrow = () => {
    if (failure) throw failure.error;
  };

  const stage = async (item: StageItem): Promise<void> => {
    if (sameObject(await sink.stat(item.key), item)) counts.skipped++;
    else {
      await sink.put(item.key, item.localPath, { sha256: item.sha256, size: item.size, signal: options.signal });
      counts.uploaded++;
      counts.bytes += item.size;
      options.onUploaded?.(item.key, item.size);
    }
    if (options.removeLocal ?? true) await rm(item.localPath, { force: true });
  };

  return {
    async onFile(file) {
      rethrow();
      const task: Promise<void> = stage({
        key: file.path,
        localPath: join(root, file.path),
        size: file.bytes,
        sha256: file.sha256,
      })
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      rethrow();
    },
    async finish(manifestName) {
      await Promise.all(inFlight);
      rethrow();
      const path = join(root, manifestName);
      const item: StageItem = {
        key: manifestName,
        localPath: path,
        size: (await stat(path)).size,
        sha256: await sha256File(path),
      };
      if (!sameObject(await sink.stat(manifestName), item)) {
        await sink.put(manifestName, path, { sha256: item.sha256, size: item.size, signal: options.signal });
        options.onUploaded?.(manifestName, item.size);
      }
      return { ...counts };
    },
    async abort() {
      await Promise.allSettled(inFlight);
    },
  };
}
