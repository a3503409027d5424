import type { EncodedChunk } from '../pipeline/block-task.js';
import { StageTimes } from '../pipeline/stage-times.js';
import { OpenDropFile, dropFilePath, type WrittenFile } from './drop-files.js';

/**
 * Receives encoded chunks strictly in chunk order and stitches each part onto the open file of
 * its (table, partition), starting a new file once one reaches the target size. Parts too small
 * to be good row groups arrive as Arrow and are coalesced here before encoding. Because the
 * order and the bytes of parts are fixed, file boundaries and bytes are too, whatever the
 * worker count or block size.
 */
/** Small parts are coalesced into row groups of at least this many rows. */
const COALESCE_ROWS = 65_536;
/** Cap on rows buffered across all open files, so long windows (many day partitions) stay bounded. */
const MAX_PENDING_ROWS = 1_000_000;

export class DropWriter {
  private readonly open = new Map<string, OpenDropFile>();
  private pendingRows = 0;
  readonly files: WrittenFile[] = [];
  /** Thread time per stage, for `npm run bench` (workers' figures arrive with each chunk). */
  readonly times = new StageTimes();

  constructor(
    private readonly root: string,
    private readonly targetBytes: number,
    private readonly fingerprint: string,
    private readonly onFile: (file: WrittenFile) => Promise<void> = async () => {},
  ) {}

  async write(chunk: EncodedChunk): Promise<void> {
    this.times.generateMs += chunk.generateMs;
    this.times.workerEncodeMs += chunk.encodeMs;
    for (const part of chunk.parts) {
      if (part.format === 'parquet') this.times.workerEncodedRows += part.rows;
      const key = part.day === undefined ? part.table : `${part.table}/${part.day}`;
      let file = this.open.get(key);
      if (!file) {
        file = await OpenDropFile.open(
          this.root,
          dropFilePath(part.table, part.day, chunk.chunk, this.fingerprint),
          part.table,
          this.times,
        );
        this.open.set(key, file);
      }
      if (part.format === 'parquet') {
        await file.append(part.bytes, part.rows);
      } else {
        file.hold(part.bytes, part.rows);
        this.pendingRows += part.rows;
        if (file.pendingRows >= COALESCE_ROWS) await this.flush(file);
        // Bound memory: past the cap, the fullest buffer is encoded first (a deterministic choice).
        while (this.pendingRows > MAX_PENDING_ROWS) await this.flush(this.fullest());
      }
      if (file.bytes >= this.targetBytes) {
        this.open.delete(key);
        await this.commit(file);
      }
    }
  }

  private async flush(file: OpenDropFile): Promise<void> {
    this.pendingRows -= file.pendingRows;
    await file.flushPending();
  }

  private fullest(): OpenDropFile {
    let best: OpenDropFile | undefined;
    for (const f of this.open.values()) if (!best || f.pendingRows > best.pendingRows) best = f;
    return best!;
  }

  private async commit(file: OpenDropFile): Promise<void> {
    this.pendingRows -= file.pendingRows;
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

  /** Removes unfinished files (interrupt or failure): nothing partial remains under a final name. */
  async abort(): Promise<void> {
    await Promise.all([...this.open.values()].map((f) => f.discard()));
    this.open.clear();
  }
}
