import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type Drop, readDrop } from '../drop/read-drop.js';
import { CancelledError, UserError } from '../errors.js';
import { manifestName } from '../write/manifest.js';
import { resolveInDrop } from '../drop/drop-paths.js';
import { sha256File } from './hash-file.js';
import { forEachLimit } from './pool.js';
import type { StagingSink } from './sink.js';
import { claimStaging } from './staging-claim.js';

/** One file to stage: its key (the drop-relative path) and what the manifest says it holds. */
export interface StageItem {
  key: string;
  localPath: string;
  size: number;
  sha256: string;
}

export interface UploadProgress {
  phase: 'checking' | 'uploading' | 'manifest';
  /** Files to upload (those already staged are not counted) and how many are done. */
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Files found already staged with the same size and sha256. */
  skipped: number;
}

export interface UploadDropOptions {
  /** Files in flight at once (default 8). */
  concurrency?: number;
  onProgress?: (progress: UploadProgress) => void;
  /** Called once a file is stored and verified. */
  onUploaded?: (key: string) => void;
  signal?: AbortSignal;
  /** Replace another drop staged at the location (else refused: files of two drops would mix). */
  overwrite?: boolean;
}

export interface UploadResult {
  target: string;
  /** Data files in the manifest(s). */
  files: number;
  uploaded: number;
  skipped: number;
  /** Bytes sent (data files). */
  bytes: number;
  skippedBytes: number;
  /** Manifest keys, written after every data file was verified (or found already staged). */
  manifests: string[];
  manifestsUploaded: number;
  seconds: number;
}

export const DEFAULT_UPLOAD_CONCURRENCY = 8;

/** Raised on an abort; exit code 130 like a cancelled generate. */
export class UploadCancelledError extends CancelledError {
  constructor() {
    super();
    this.message = 'interrupted: the manifest was not staged; rerun the same upload to send only the missing files';
  }
}

/** Already staged: same size and sha256 as the manifest says. */
export const sameObject = (stored: { size: number; sha256?: string } | undefined, item: StageItem): boolean =>
  stored !== undefined && stored.size === item.size && stored.sha256 === item.sha256;

/**
 * Stages a local drop: every data file not already present with the same size and sha256, at
 * most `concurrency` at a time, then the manifest(s), only once all data files are verified.
 * A rerun after an interruption or failure sends only what is missing or different.
 */
export async function uploadDrop(
  localDrop: string | Drop,
  sink: StagingSink,
  options: UploadDropOptions = {},
): Promise<UploadResult> {
  const started = performance.now();
  const drop = typeof localDrop === 'string' ? readDrop(resolve(localDrop)) : localDrop;
  const items: StageItem[] = drop.files.map((f) => ({
    key: f.path,
    localPath: join(drop.root, f.path),
    size: f.bytes,
    sha256: f.sha256,
  }));
  await checkLocalFiles(drop.root, items);
  // One writer per location, and never a second drop mixed into it.
  const claim = await claimStaging(
    sink,
    { fingerprint: drop.fingerprint, paths: drop.files.map((f) => f.path) },
    { overwrite: options.overwrite, command: 'idgraph upload' },
  );
  try {
    return await uploadClaimed(drop, items, sink, options, started);
  } finally {
    await claim.release();
  }
}

async function uploadClaimed(
  drop: Drop,
  items: StageItem[],
  sink: StagingSink,
  options: UploadDropOptions,
  started: number,
): Promise<UploadResult> {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_UPLOAD_CONCURRENCY);
  const { signal } = options;
  const cancelled = () => {
    if (signal?.aborted) throw new UploadCancelledError();
  };

  // Which files are already staged (HEADs in parallel: the only cost of a rerun).
  const progress: UploadProgress = {
    phase: 'checking',
    filesDone: 0,
    filesTotal: items.length,
    bytesDone: 0,
    bytesTotal: 0,
    skipped: 0,
  };
  options.onProgress?.({ ...progress });
  const todo: StageItem[] = [];
  await guard(signal, () =>
    forEachLimit(
      items,
      concurrency * 2,
      async (item) => {
        if (sameObject(await sink.stat(item.key), item)) progress.skipped++;
        else todo.push(item);
      },
      signal,
    ),
  );
  cancelled();
  todo.sort((a, b) => (a.key < b.key ? -1 : 1));

  Object.assign(progress, {
    phase: 'uploading',
    filesTotal: todo.length,
    bytesTotal: todo.reduce((a, i) => a + i.size, 0),
  });
  options.onProgress?.({ ...progress });
  const inFlight = new Map<string, number>();
  let completedBytes = 0;
  const report = () => {
    progress.bytesDone = completedBytes + [...inFlight.values()].reduce((a, b) => a + b, 0);
    options.onProgress?.({ ...progress });
  };
  await guard(signal, () =>
    forEachLimit(
      todo,
      concurrency,
      async (item) => {
        inFlight.set(item.key, 0);
        try {
          await sink.put(item.key, item.localPath, {
            sha256: item.sha256,
            size: item.size,
            signal,
            onProgress: (n) => {
              inFlight.set(item.key, n);
              report();
            },
          });
        } finally {
          inFlight.delete(item.key);
        }
        completedBytes += item.size;
        progress.filesDone++;
        report();
        options.onUploaded?.(item.key);
      },
      signal,
    ),
  );
  cancelled();

  // Last: a consumer that sees a manifest sees a complete drop.
  progress.phase = 'manifest';
  options.onProgress?.({ ...progress });
  const manifests = drop.manifests.map((m) => manifestName(m.shard));
  let manifestsUploaded = 0;
  for (const name of manifests) {
    const path = join(drop.root, name);
    const item: StageItem = {
      key: name,
      localPath: path,
      size: (await stat(path)).size,
      sha256: await sha256File(path),
    };
    if (sameObject(await sink.stat(name), item)) continue;
    await guard(signal, () => sink.put(name, path, { sha256: item.sha256, size: item.size, signal }));
    manifestsUploaded++;
    options.onUploaded?.(name);
  }
  return {
    target: sink.describe(),
    files: items.length,
    uploaded: todo.length,
    skipped: items.length - todo.length,
    bytes: todo.reduce((a, i) => a + i.size, 0),
    skippedBytes: items.reduce((a, i) => a + i.size, 0) - todo.reduce((a, i) => a + i.size, 0),
    manifests,
    manifestsUploaded,
    seconds: (performance.now() - started) / 1000,
  };
}

/** After an abort, whatever the in-flight requests failed with, the answer is "cancelled". */
async function guard<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (signal?.aborted) throw new UploadCancelledError();
    throw err;
  }
}

/** Refuses a drop with missing or truncated files before anything is sent. */
async function checkLocalFiles(root: string, items: StageItem[]): Promise<void> {
  const bad: string[] = [];
  for (const item of items) {
    // A symlink leading out of the drop is never followed (its target is not the drop's file).
    const inside = await resolveInDrop(root, item.key);
    const info = inside ? await stat(inside).catch(() => undefined) : undefined;
    if (!info || info.size !== item.size) bad.push(item.key);
  }
  if (bad.length) {
    throw new UserError(
      `${bad.length} file(s) of the drop in ${root} are missing, lead outside the drop or differ in size from the manifest: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', …' : ''}`,
      'the drop is incomplete or damaged: check it with `idgraph validate <drop>` and regenerate it',
    );
  }
}
