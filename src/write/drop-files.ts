import { createHash, type Hash } from 'node:crypto';
import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isoDay } from '../config/window.js';
import { getTable, type TableName } from '../schema/registry.js';
import * as arrow from 'apache-arrow';
import { StageTimes } from '../pipeline/stage-times.js';
import { encodeParquet } from './encode-parquet.js';
import { type ByteSink, ParquetStitcher } from './parquet-stitch.js';

export interface WrittenFile {
  /** Path relative to the drop root, '/'-separated. */
  path: string;
  table: TableName;
  rows: number;
  bytes: number;
  sha256: string;
}

/** `<table>/[event_date=YYYY-MM-DD/]part-<first chunk>-<fingerprint>.parquet`: unique per run and chunk. */
export function dropFilePath(
  table: TableName,
  day: number | undefined,
  firstChunk: number,
  fingerprint: string,
): string {
  const partition = getTable(table).partition;
  const dir = partition && day !== undefined ? `${table}/${partition.column}=${isoDay(day)}` : table;
  return `${dir}/part-${String(firstChunk).padStart(6, '0')}-${fingerprint}.parquet`;
}

/** Appends without holding a file descriptor open, so thousands of partitions stay within fd limits. */
class HashingSink implements ByteSink {
  readonly hash: Hash = createHash('sha256');
  constructor(
    private readonly path: string,
    private readonly times: StageTimes,
  ) {}
  async write(bytes: Uint8Array): Promise<void> {
    const t0 = performance.now();
    this.hash.update(bytes);
    await appendFile(this.path, bytes);
    this.times.writeMs += performance.now() - t0;
  }
}

/** One output file being assembled under a temporary name; renamed only when complete. */
export class OpenDropFile {
  private readonly sink: HashingSink;
  private readonly stitcher: ParquetStitcher;
  readonly tempPath: string;
  rows = 0;

  private constructor(
    readonly root: string,
    readonly relPath: string,
    readonly table: TableName,
    private readonly times: StageTimes,
  ) {
    const finalPath = join(root, relPath);
    this.tempPath = join(dirname(finalPath), `.${relPath.split('/').pop()}.inprogress`);
    this.sink = new HashingSink(this.tempPath, times);
    this.stitcher = new ParquetStitcher(this.sink);
  }

  static async open(
    root: string,
    relPath: string,
    table: TableName,
    times: StageTimes = new StageTimes(),
  ): Promise<OpenDropFile> {
    const file = new OpenDropFile(root, relPath, table, times);
    await mkdir(dirname(file.tempPath), { recursive: true });
    await rm(file.tempPath, { force: true });
    return file;
  }

  get bytes(): number {
    return this.stitcher.bytesWritten;
  }

  /** Small parts waiting to be encoded together as one row group. */
  private pending: arrow.RecordBatch[] = [];
  pendingRows = 0;

  async append(part: Uint8Array, rows: number): Promise<void> {
    await this.flushPending();
    await this.stitch(part);
    this.rows += rows;
  }

  /** Buffers a small part (Arrow IPC); encoded with its neighbours by flushPending. */
  hold(ipc: Uint8Array, rows: number): void {
    this.pending.push(...arrow.tableFromIPC(ipc).batches);
    this.pendingRows += rows;
  }

  async flushPending(): Promise<void> {
    if (this.pendingRows === 0) return;
    const rows = this.pendingRows;
    const table = new arrow.Table(this.pending);
    this.pending = [];
    this.pendingRows = 0;
    const t0 = performance.now();
    const bytes = encodeParquet(table);
    this.times.mainEncodeMs += performance.now() - t0;
    this.times.mainEncodedRows += rows;
    await this.stitch(bytes);
    this.rows += rows;
  }

  /** Stitch time excludes the sink's write time, which is counted on its own. */
  private async stitch(part: Uint8Array): Promise<void> {
    const t0 = performance.now();
    const writeBefore = this.times.writeMs;
    await this.stitcher.append(part);
    this.times.stitchMs += performance.now() - t0 - (this.times.writeMs - writeBefore);
  }

  async commit(): Promise<WrittenFile> {
    await this.flushPending();
    const t0 = performance.now();
    const writeBefore = this.times.writeMs;
    await this.stitcher.finish();
    this.times.stitchMs += performance.now() - t0 - (this.times.writeMs - writeBefore);
    await rename(this.tempPath, join(this.root, this.relPath));
    return {
      path: this.relPath,
      table: this.table,
      rows: this.rows,
      bytes: this.bytes,
      sha256: this.sink.hash.digest('hex'),
    };
  }

  async discard(): Promise<void> {
    await rm(this.tempPath, { force: true });
  }
}
