import { createHash, type Hash } from 'node:crypto';
import { appendFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isoDay } from '../config/window.js';
import { getTable, type TableName } from '../schema/registry.js';
import { StageTimes } from '../pipeline/stage-times.js';
import { type KeptRef, KeptParts } from './kept-parts.js';
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

/**
 * Rows per row group: parts are merged until a group holds at least this many. Spark and
 * Databricks scan small row groups poorly (issue 12). A fixed row count, so groups do not
 * depend on worker count or block size.
 */
export const ROW_GROUP_ROWS = 65_536;

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
    private readonly groupRows: number,
  ) {
    const finalPath = join(root, relPath);
    this.tempPath = join(dirname(finalPath), `.${relPath.split('/').pop()}.inprogress`);
    this.sink = new HashingSink(this.tempPath, times);
    this.stitcher = new ParquetStitcher(this.sink);
    this.kept = new KeptParts(join(dirname(finalPath), `.${relPath.split('/').pop()}.kept.inprogress`));
  }

  static async open(
    root: string,
    relPath: string,
    table: TableName,
    times: StageTimes = new StageTimes(),
    groupRows = ROW_GROUP_ROWS,
  ): Promise<OpenDropFile> {
    const file = new OpenDropFile(root, relPath, table, times, groupRows);
    await mkdir(dirname(file.tempPath), { recursive: true });
    await rm(file.tempPath, { force: true });
    await file.kept.remove();
    return file;
  }

  get bytes(): number {
    return this.stitcher.bytesWritten;
  }

  /** Parts waiting for their group, on disk (kept-parts.ts). */
  private readonly kept: KeptParts;
  /** Parts of the row group being filled (encoded by workers; merged here page by page). */
  private held: KeptRef[] = [];
  heldRows = 0;
  /** A complete group (≥ ROW_GROUP_ROWS), kept back so a small tail at commit can join it. */
  private ready: KeptRef[] = [];
  private readyRows = 0;
  /** Bytes of parts kept (held + ready): the file's size once complete is bytes + this. */
  keptBytes = 0;

  /** Adds a part; a group is written once the next one is complete, so no group but a whole file's is small. */
  async add(part: Uint8Array, rows: number): Promise<void> {
    this.held.push(await this.kept.add(part));
    this.heldRows += rows;
    this.keptBytes += part.length;
    if (this.heldRows < this.groupRows) return;
    await this.writeReady();
    this.ready = this.held;
    this.readyRows = this.heldRows;
    this.held = [];
    this.heldRows = 0;
  }

  private async writeReady(): Promise<void> {
    if (this.ready.length === 0) return;
    await this.stitch(this.ready, this.readyRows);
    this.ready = [];
    this.readyRows = 0;
  }

  /** Writes everything kept: a tail under ROW_GROUP_ROWS joins the ready group. */
  async flushKept(): Promise<void> {
    if (this.heldRows > 0 && this.heldRows < this.groupRows && this.ready.length > 0) {
      this.ready.push(...this.held);
      this.readyRows += this.heldRows;
    } else if (this.heldRows > 0) {
      await this.writeReady();
      this.ready = this.held;
      this.readyRows = this.heldRows;
    }
    this.held = [];
    this.heldRows = 0;
    await this.writeReady();
    this.keptBytes = 0;
  }

  /** Stitch time excludes the sink's write time, which is counted on its own. */
  private async stitch(refs: KeptRef[], rows: number): Promise<void> {
    const parts = await this.kept.read(refs);
    const t0 = performance.now();
    const writeBefore = this.times.writeMs;
    for (const p of parts) this.keptBytes -= p.length;
    await this.stitcher.appendMerged(parts);
    this.rows += rows;
    this.times.stitchMs += performance.now() - t0 - (this.times.writeMs - writeBefore);
  }

  /** Bytes written so far plus bytes kept for the groups to come: the file's size once complete. */
  get plannedBytes(): number {
    return this.bytes + this.keptBytes;
  }

  async commit(): Promise<WrittenFile> {
    await this.flushKept();
    const t0 = performance.now();
    const writeBefore = this.times.writeMs;
    await this.stitcher.finish();
    this.times.stitchMs += performance.now() - t0 - (this.times.writeMs - writeBefore);
    await this.kept.remove();
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
    await this.kept.remove();
  }
}
