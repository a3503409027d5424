import { rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { EncodedChunk } from '../pipeline/block-task.js';
import { StageTimes } from '../pipeline/stage-times.js';
import { OpenDropFile, ROW_GROUP_ROWS, dropFilePath, type WrittenFile } from './drop-files.js';

/**
 * Receives encoded chunks strictly in chunk order and adds each part to the open file of its
 * (table, partition). Parts are Parquet encoded by workers; their pages are merged into row
 * groups of at least ROW_GROUP_ROWS (drop-files.ts), so the main thread never encodes. A new
 * file starts once one reaches the target size. Because the order and the bytes of parts are
 * fixed, row groups, file boundaries and bytes are too, whatever the worker count or block size.
 */
export class DropWriter {
  private readonly open = new Map<string, OpenDropFile>();
  readonly files: WrittenFile[] = [];
  /** Every folder (relative to the root) a file of this run was opened in. */
  private readonly dirs = new Set<string>();
  /** Thread time per stage, for `npm run bench` (workers' figures arrive with each chunk). */
  readonly times = new StageTimes();

  constructor(
    private readonly root: string,
    private readonly targetBytes: number,
    private readonly fingerprint: string,
    private readonly onFile: (file: WrittenFile) => Promise<void> = async () => {},
    private readonly rowGroupRows = ROW_GROUP_ROWS,
  ) {}

  async write(chunk: EncodedChunk): Promise<void> {
    this.times.generateMs += chunk.generateMs;
    this.times.workerEncodeMs += chunk.encodeMs;
    this.times.addRecompute(chunk.recompute);
    for (const part of chunk.parts) {
      this.times.workerEncodedRows += part.rows;
      const key = part.day === undefined ? part.table : `${part.table}/${part.day}`;
      let file = this.open.get(key);
      if (!file) {
        const path = dropFilePath(part.table, part.day, chunk.chunk, this.fingerprint);
        for (let d = dirname(path); d !== '.' && d !== ''; d = dirname(d)) this.dirs.add(d);
        file = await OpenDropFile.open(this.root, path, part.table, this.times, this.rowGroupRows);
        this.open.set(key, file);
      }
      await file.add(part.bytes, part.rows);
      if (file.plannedBytes >= this.targetBytes) {
        this.open.delete(key);
        await this.commit(file);
      }
    }
  }

  private async commit(file: OpenDropFile): Promise<void> {
    const written = await file.commit();
    this.files.push(written);
    await this.onFile(written);
  }
  /** Completes every open file (in a fixed order, so the file list is deterministic too). */
  async finish(): Promise<WrittenFile[]> {
    const keys = [...this.open.keys()].sort();
    for (const key of keys) await this.commit(this.open.get(key)!);
    this.open.clear();
    return this.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Interrupt or failure: removes unfinished files, the files this run completed (without a
   * manifest they are no drop, and they would make the next `generate --out` here refuse a
   * non-empty folder; a rerun writes the same bytes), then the folders they leave empty.
   * Another shard's files in a shared folder keep that folder.
   */
  async abort(): Promise<void> {
    await Promise.all([...this.open.values()].map((f) => f.discard()));
    this.open.clear();
    await Promise.all(this.files.map((f) => rm(join(this.root, f.path), { force: true })));
    // Deepest first: a partition folder before its table folder.
    const dirs = [...this.dirs].sort((a, b) => b.split('/').length - a.split('/').length);
    for (const dir of dirs) await rmdir(join(this.root, dir)).catch(() => {});
  }
}
