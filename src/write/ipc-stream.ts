import * as arrow from 'apache-arrow';

/**
 * One record batch as an Arrow IPC stream, the same bytes as `tableToIPC(new Table([batch]),
 * 'stream')` (test/ipc-stream.test.ts compares them), made for less CPU per part:
 * - the bytes go into one buffer reused by every part of this thread, not into a list of small
 *   chunks that are then joined into a new buffer (two copies and ~5 bytes of garbage per
 *   byte of data, which the GC then had to clear);
 * - the schema and dictionary messages of a table are the same in every part (one schema object
 *   per table, one dictionary vector per vocabulary: columns.ts), so they are serialised once
 *   and copied afterwards; the content_id dictionary alone (the whole catalog) was a third of
 *   the IPC bytes of the engagement parts.
 * The returned view is valid until the next call (parquet-wasm copies it into wasm memory).
 */

interface Prefix {
  schema: arrow.Schema;
  /** The dictionary vectors (by id) whose messages follow the schema message in `bytes`. */
  dictionaries: Map<number, arrow.Vector>;
  bytes: Uint8Array;
}

/** arrow-js's stream writer with its sink swapped for one growable buffer. */
class BufferWriter extends arrow.RecordBatchStreamWriter {
  buffer = new Uint8Array(1 << 20);
  at = 0;
  /**
   * By the type object of the schema's first field: every batch gets schema and field objects
   * of its own (arrow-js's RecordBatch constructor copies them) but keeps the registry's type
   * objects (one per column: arrow-schema.ts). sameSchema then checks every field.
   */
  private readonly prefixes = new WeakMap<arrow.DataType, Prefix>();

  // Only typed arrays arrive here (message headers, padding, column buffers), never strings.
  protected override _write(view: ArrayBufferView): this {
    const n = view.byteLength;
    if (!this._started || n === 0) return this;
    this.reserve(n);
    this.buffer.set(new Uint8Array(view.buffer, view.byteOffset, n), this.at);
    this.at += n;
    this._position += n;
    return this;
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.at + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.at));
    this.buffer = next;
  }

  encode(batch: arrow.RecordBatch): Uint8Array {
    this.at = 0;
    this._position = 0;
    this._started = true;
    this._schema = batch.schema;
    this._recordBatchBlocks = [];
    this._dictionaryBlocks = [];
    const dictionaries = batch.dictionaries;
    const key = batch.schema.fields[0]?.type;
    const prefix = key && this.prefixes.get(key);
    if (prefix && sameSchema(prefix.schema, batch.schema) && sameDictionaries(prefix.dictionaries, dictionaries)) {
      this.reserve(prefix.bytes.length);
      this.buffer.set(prefix.bytes, 0);
      this.at = prefix.bytes.length;
      this._position = this.at;
      // What the writer would have recorded had it written them: it then skips them below.
      this._seenDictionaries = new Map(dictionaries);
      this._dictionaryDeltaOffsets = new Map([...dictionaries].map(([id, d]) => [id, d.data.length]));
    } else {
      this._seenDictionaries = new Map();
      this._dictionaryDeltaOffsets = new Map();
      this._writeSchema(batch.schema)._writeDictionaries(batch);
      if (key) {
        const bytes = this.buffer.slice(0, this.at);
        this.prefixes.set(key, { schema: batch.schema, dictionaries: new Map(dictionaries), bytes });
      }
    }
    this._writeRecordBatch(batch)._writeFooter(batch.schema);
    this._started = false;
    return this.buffer.subarray(0, this.at);
  }
}

/**
 * Everything the schema message holds: field names, types (the same objects, so the same
 * types and dictionary ids), nullability and metadata, and the schema's metadata.
 */
function sameSchema(a: arrow.Schema, b: arrow.Schema): boolean {
  if (a === b) return true;
  if (a.fields.length !== b.fields.length || !sameMetadata(a.metadata, b.metadata)) return false;
  return a.fields.every((f, i) => {
    const g = b.fields[i];
    return f.name === g.name && f.type === g.type && f.nullable === g.nullable && sameMetadata(f.metadata, g.metadata);
  });
}

function sameMetadata(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of b) if (a.get(k) !== v) return false;
  return true;
}

function sameDictionaries(a: Map<number, arrow.Vector>, b: Map<number, arrow.Vector>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, d] of b) {
    const was = a.get(id);
    if (was === undefined || was.data.length !== d.data.length || was.data.some((chunk, i) => chunk !== d.data[i]))
      return false;
  }
  return true;
}

let writer: BufferWriter | undefined;

export function batchToIpc(batch: arrow.RecordBatch): Uint8Array {
  writer ??= new BufferWriter();
  return writer.encode(batch);
}
