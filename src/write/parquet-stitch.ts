/**
 * Concatenate small Parquet files (same schema) into one big Parquet file
 * without re-encoding.
 *
 * Why: worker threads encode one small Parquet file per chunk with
 * parquet-wasm; the main thread needs a single large file. Decoding and
 * re-encoding would waste CPU, so instead we copy each part's column-chunk
 * bytes verbatim and write one merged footer whose row groups are all the
 * parts' row groups with every absolute byte offset shifted to the new
 * position. Output depends only on the input bytes and their order, so it is
 * byte-deterministic.
 *
 * Layout of a Parquet file: "PAR1" | column chunks… | [page indexes, bloom
 * filters] | FileMetaData (thrift compact) | u32 LE footer length | "PAR1".
 * Only the column-chunk range is copied; page indexes / bloom filters are
 * dropped (their footer references removed) since they are optional.
 */
import { mergeRowGroups } from './row-group-merge.js';
import { CT, getI64, getList, getStruct, readStruct, writeStruct } from './thrift-compact.js';
import type { TField, TList, TRaw, TStruct } from './thrift-compact.js';

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]); // "PAR1"

// parquet.thrift field ids used below.
const FMD = { version: 1, schema: 2, numRows: 3, rowGroups: 4, kv: 5, createdBy: 6, columnOrders: 7, encryption: 8 };
const RG = { columns: 1, numRows: 3, fileOffset: 5, totalCompressed: 6, ordinal: 7 };
const CC = {
  filePath: 1,
  fileOffset: 2,
  metaData: 3,
  oiOffset: 4,
  oiLen: 5,
  ciOffset: 6,
  ciLen: 7,
  cryptoMeta: 8,
  encMeta: 9,
};
const CMD = { totalCompressed: 7, dataPage: 9, indexPage: 10, dictPage: 11, bloomOffset: 14, bloomLen: 15 };

export interface ParquetParts {
  /** Bytes of all column chunks (a view into the input; copy before retaining). */
  body: Uint8Array;
  /** Absolute file offset in the source file where `body` starts. */
  bodyOffset: number;
  /** Parsed FileMetaData (binary fields are copies, not views). */
  meta: TStruct;
  /** The RowGroup structs (same objects as inside `meta`). */
  rowGroups: TStruct[];
  /** Serialized schema list; used to compare schemas byte-for-byte. */
  schemaBytes: Uint8Array;
  numRows: bigint;
  /** Raw footer (FileMetaData) bytes, for round-trip checks. */
  footer: Uint8Array;
}

function hasMagic(b: Uint8Array, at: number): boolean {
  return MAGIC.every((m, i) => b[at + i] === m);
}

/** Start of a column chunk: dictionary page if present, else first data page. */
function chunkRange(md: TStruct): { start: bigint; end: bigint } {
  const data = getI64(md, CMD.dataPage);
  const total = getI64(md, CMD.totalCompressed);
  if (data === undefined || total === undefined)
    throw new Error('parquet: ColumnMetaData lacks data_page_offset/total_compressed_size');
  const dict = getI64(md, CMD.dictPage);
  // Some writers emit dictionary_page_offset=0 when there is none; only trust it if it precedes the data page.
  const start = dict !== undefined && dict > 0n && dict < data ? dict : data;
  return { start, end: start + total };
}

/** Split a Parquet file into its column-chunk body and parsed footer. */
export function readParquetParts(bytes: Uint8Array): ParquetParts {
  const n = bytes.length;
  if (n < 12 || !hasMagic(bytes, 0) || !hasMagic(bytes, n - 4))
    throw new Error('parquet: missing PAR1 magic (not a plaintext Parquet file)');
  const footerLen = new DataView(bytes.buffer, bytes.byteOffset + n - 8, 4).getUint32(0, true);
  const footerStart = n - 8 - footerLen;
  if (footerStart < 4) throw new Error('parquet: footer length out of range');
  const footer = bytes.subarray(footerStart, n - 8);
  const { struct: meta, end } = readStruct(footer);
  if (end !== footer.length) throw new Error(`parquet: footer parse consumed ${end} of ${footer.length} bytes`);
  if (getStruct(meta, FMD.encryption)) throw new Error('parquet: encrypted files are not supported');

  const rowGroups = (getList(meta, FMD.rowGroups)?.items ?? []) as TStruct[];
  let lo = BigInt(footerStart);
  let hi = 4n;
  for (const rg of rowGroups) {
    for (const cc of (getList(rg, RG.columns)?.items ?? []) as TStruct[]) {
      if (cc.fields.some((f) => f.id === CC.filePath))
        throw new Error('parquet: column chunks in external files are not supported');
      if (cc.fields.some((f) => f.id === CC.encMeta || f.id === CC.cryptoMeta))
        throw new Error('parquet: encrypted columns are not supported');
      const md = getStruct(cc, CC.metaData);
      if (!md) throw new Error('parquet: ColumnChunk without meta_data');
      const { start, end: e } = chunkRange(md);
      if (start < lo) lo = start;
      if (e > hi) hi = e;
    }
  }
  if (rowGroups.length === 0) lo = hi = 4n; // empty file: nothing to copy
  if (lo < 4n || hi > BigInt(footerStart) || hi < lo) throw new Error('parquet: column chunk offsets out of range');

  const schemaList = getList(meta, FMD.schema);
  if (!schemaList) throw new Error('parquet: FileMetaData without schema');
  return {
    body: bytes.subarray(Number(lo), Number(hi)),
    bodyOffset: Number(lo),
    meta,
    rowGroups,
    schemaBytes: writeStruct({ kind: 'struct', fields: [{ id: 1, type: CT.LIST, value: schemaList }] }),
    numRows: getI64(meta, FMD.numRows) ?? 0n,
    footer,
  };
}

/** Shift an i64 offset field by `delta`; 0 means "unset" in practice and is kept. */
function shiftField(s: TStruct, id: number, delta: bigint): void {
  const f = s.fields.find((x) => x.id === id);
  if (!f) return;
  if (f.type === CT.I64 && typeof f.value === 'bigint') {
    if (f.value !== 0n) f.value += delta;
  } else throw new Error(`parquet: offset field ${id} is not i64`);
}

/** Rewrite one RowGroup in place for its new location in the merged file. */
function relocateRowGroup(rg: TStruct, delta: bigint, ordinal: number): void {
  shiftField(rg, RG.fileOffset, delta);
  const ord = rg.fields.find((f) => f.id === RG.ordinal);
  if (ord) ord.value = ordinal;
  for (const cc of (getList(rg, RG.columns)?.items ?? []) as TStruct[]) {
    // Page indexes are not copied: drop offset/column index references.
    cc.fields = cc.fields.filter((f) => f.id < CC.oiOffset || f.id > CC.ciLen);
    shiftField(cc, CC.fileOffset, delta);
    const md = getStruct(cc, CC.metaData)!;
    // Bloom filters are not copied either.
    md.fields = md.fields.filter((f) => f.id !== CMD.bloomOffset && f.id !== CMD.bloomLen);
    shiftField(md, CMD.dataPage, delta);
    shiftField(md, CMD.indexPage, delta);
    shiftField(md, CMD.dictPage, delta);
  }
}

export interface ByteSink {
  write(bytes: Uint8Array): Promise<void>;
}

/**
 * Streams parts into `sink`. Only footer metadata (row-group structs) is kept
 * in memory; each part's body is handed to the sink and not retained.
 */
export class ParquetStitcher {
  private pos = 0;
  private rows = 0n;
  private first: TStruct | undefined;
  private schemaBytes: Uint8Array | undefined;
  /** Row groups already relocated and serialized: a long file keeps bytes, not object trees. */
  private rowGroups: TRaw[] = [];
  private finished = false;
  private parts = 0;

  constructor(private readonly sink: ByteSink) {}

  get bytesWritten(): number {
    return this.pos;
  }
  get rowCount(): number {
    return Number(this.rows);
  }

  private async emit(b: Uint8Array): Promise<void> {
    await this.sink.write(b);
    this.pos += b.length;
  }

  /** Parses a part and checks its schema against the first part's (writing the leading magic for the first). */
  private async accept(partBytes: Uint8Array): Promise<ParquetParts> {
    if (this.finished) throw new Error('ParquetStitcher: append after finish');
    const part = readParquetParts(partBytes);
    if (this.first === undefined) {
      this.first = part.meta;
      this.schemaBytes = part.schemaBytes;
      await this.emit(MAGIC.slice());
    } else if (!bytesEqual(this.schemaBytes!, part.schemaBytes)) {
      throw new Error(
        `ParquetStitcher: part #${this.parts} schema differs from the first part's schema; all parts must share an identical Parquet schema`,
      );
    }
    this.parts++;
    return part;
  }

  /** Append one complete Parquet file (all its row groups). */
  async append(partBytes: Uint8Array): Promise<void> {
    const part = await this.accept(partBytes);
    const delta = BigInt(this.pos - part.bodyOffset);
    for (const rg of part.rowGroups) {
      relocateRowGroup(rg, delta, this.rowGroups.length);
      this.rowGroups.push({ kind: 'raw', bytes: writeStruct(rg) });
    }
    this.rows += part.numRows;
    await this.emit(part.body);
  }

  /**
   * Append several one-row-group files (written without dictionary pages) as ONE row group:
   * their pages are laid end to end per column (see row-group-merge.ts). No re-encoding.
   */
  async appendMerged(partsBytes: Uint8Array[]): Promise<void> {
    if (partsBytes.length === 1) return this.append(partsBytes[0]);
    const parts: ParquetParts[] = [];
    for (const b of partsBytes) parts.push(await this.accept(b));
    const { pieces, rowGroup } = mergeRowGroups(parts, this.pos);
    const ordinal = rowGroup.fields.find((f) => f.id === RG.ordinal);
    if (ordinal) ordinal.value = this.rowGroups.length;
    this.rowGroups.push({ kind: 'raw', bytes: writeStruct(rowGroup) });
    for (const p of parts) this.rows += p.numRows;
    // One write for the whole group: the sink appends to a file per call.
    const body = new Uint8Array(pieces.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of pieces) {
      body.set(p, at);
      at += p.length;
    }
    await this.emit(body);
  }

  /** Write merged FileMetaData, footer length and closing magic. */
  async finish(): Promise<void> {
    if (this.finished) throw new Error('ParquetStitcher: finish called twice');
    if (this.first === undefined) throw new Error('ParquetStitcher: no parts appended');
    this.finished = true;
    const first = this.first;
    const rgList: TList = { kind: 'list', type: CT.LIST, elemType: CT.STRUCT, items: this.rowGroups };
    // Keep the first part's FileMetaData fields (version, schema, key_value_metadata,
    // created_by, column_orders, unknown extras) in order; replace num_rows and row_groups.
    const fields: TField[] = first.fields.map((f) => {
      if (f.id === FMD.numRows) return { id: f.id, type: CT.I64, value: this.rows };
      if (f.id === FMD.rowGroups) return { id: f.id, type: CT.LIST, value: rgList };
      return f;
    });
    const footer = writeStruct({ kind: 'struct', fields });
    const tail = new Uint8Array(footer.length + 8);
    tail.set(footer, 0);
    new DataView(tail.buffer).setUint32(footer.length, footer.length, true);
    tail.set(MAGIC, footer.length + 4);
    await this.emit(tail);
    this.rowGroups = [];
  }
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Convenience sink appending to a file (created/truncated). Call close() after finish(). */
export async function openFileSink(path: string): Promise<ByteSink & { close(): Promise<void> }> {
  const { open } = await import('node:fs/promises');
  const fh = await open(path, 'w');
  return {
    async write(bytes: Uint8Array): Promise<void> {
      let off = 0;
      while (off < bytes.length) {
        const { bytesWritten } = await fh.write(bytes, off, bytes.length - off);
        off += bytesWritten;
      }
    },
    close: () => fh.close(),
  };
}
