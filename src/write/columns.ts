import * as arrow from 'apache-arrow';

/**
 * Growable columnar builders over typed arrays. Rows are never materialised as objects: the
 * generators push straight into these, and `finish()` wraps the buffers with `makeData`.
 */

const TWO_32 = 4294967296;
/** 2^−32: x · 2^−32 is exactly x / 2^32 (a power of two only moves the exponent), and a multiply is cheaper. */
const INV_TWO_32 = 1 / TWO_32;
const encoder = new TextEncoder();

const newSize = (length: number, need: number): number => {
  let size = Math.max(length * 2, 64);
  while (size < need) size *= 2;
  return size;
};
// One grow function per array type keeps every call site monomorphic (a generic one is not
// inlined, and it was the top entry in the generation profile). Call them only when full.
function growU8(arr: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  const next = new Uint8Array(newSize(arr.length, need));
  next.set(arr);
  return next;
}
function growU32(arr: Uint32Array<ArrayBuffer>, need: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(newSize(arr.length, need));
  next.set(arr);
  return next;
}
function growI32(arr: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(newSize(arr.length, need));
  next.set(arr);
  return next;
}
function growF64(arr: Float64Array<ArrayBuffer>, need: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(newSize(arr.length, need));
  next.set(arr);
  return next;
}

/** Validity bitmap, allocated only once the first NULL arrives. */
class Validity {
  bits: Uint8Array | null = null;
  nulls = 0;
  /** The bitmap of an earlier use (see Builder.reset), reused when the next first NULL fits it. */
  private spare: Uint8Array | null = null;
  mark(index: number, valid: boolean): void {
    if (valid && !this.bits) return;
    if (!this.bits) {
      const need = (index >> 3) * 2 + 8;
      this.bits =
        this.spare && this.spare.length >= need ? this.spare.fill(0xff) : new Uint8Array(Math.max(64, need)).fill(0xff);
      this.spare = null;
    }
    if ((index >> 3) + 1 > this.bits.length) this.bits = growFilled(this.bits, (index >> 3) + 1);
    if (valid) this.bits[index >> 3] |= 1 << (index & 7);
    else {
      this.bits[index >> 3] &= ~(1 << (index & 7));
      this.nulls++;
    }
  }
  bitmap(length: number): Uint8Array | undefined {
    return this.bits ? this.bits.subarray(0, (length + 7) >> 3) : undefined;
  }
  reset(): void {
    if (this.bits) this.spare = this.bits;
    this.bits = null;
    this.nulls = 0;
  }
}

function growFilled(arr: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(arr.length * 2, need)).fill(0xff);
  next.set(arr);
  return next;
}

export abstract class Builder {
  length = 0;
  protected validity = new Validity();
  abstract readonly type: arrow.DataType;
  abstract finish(): arrow.Data;
  /** Room for `rows` values before the first grow (a hint: it never changes what is built). */
  reserve(_rows: number): void {}
  /**
   * Empties the builder but keeps its arrays, so the next chunk's rows reuse them instead of
   * allocating (see chunk-output.ts). Only after the Data of finish() is no longer used: that
   * Data is a view of these arrays.
   */
  reset(): void {
    this.length = 0;
    this.validity.reset();
  }
  protected nullInfo(): { nullBitmap?: Uint8Array; nullCount: number } {
    const bitmap = this.validity.bitmap(this.length);
    return bitmap ? { nullBitmap: bitmap, nullCount: this.validity.nulls } : { nullCount: 0 };
  }
}

/** 64-bit integers (ids, microsecond timestamps) from JS numbers below 2^53, stored as lo/hi words. */
export class Int64Builder extends Builder {
  words = new Uint32Array(128);
  constructor(readonly type: arrow.DataType = new arrow.Int64()) {
    super();
  }
  push(value: number): void {
    const i = this.length++;
    if ((i + 1) * 2 > this.words.length) this.words = growU32(this.words, (i + 1) * 2);
    const high = Math.floor(value * INV_TWO_32);
    // value − high·2^32 is value % 2^32 for value ≥ 0 (exact either way), without `%`, which V8
    // compiles to a call into C for doubles; ids and timestamps are never negative.
    this.words[i * 2] = value >= 0 ? value - high * TWO_32 : value % TWO_32;
    this.words[i * 2 + 1] = high;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  override reserve(rows: number): void {
    if (this.length === 0 && rows * 2 > this.words.length) this.words = new Uint32Array(rows * 2);
  }
  pushNull(): void {
    const i = this.length++;
    if ((i + 1) * 2 > this.words.length) this.words = growU32(this.words, (i + 1) * 2);
    this.words[i * 2] = 0;
    this.words[i * 2 + 1] = 0;
    this.validity.mark(i, false);
  }
  finish(): arrow.Data {
    const data = new BigInt64Array(this.words.buffer, 0, this.length);
    return arrow.makeData({ type: this.type as arrow.Int64, length: this.length, data, ...this.nullInfo() });
  }
}

/** Fixed-width numbers in one typed array: INT32 and DATE (days since epoch), DOUBLE. */
abstract class NumberBuilder<A extends Int32Array<ArrayBuffer> | Float64Array<ArrayBuffer>> extends Builder {
  constructor(public values: A) {
    super();
  }
  protected abstract grown(need: number): A;
  override reserve(rows: number): void {
    if (this.length === 0 && rows > this.values.length) this.values = this.grown(rows);
  }
  push(value: number): void {
    const i = this.length++;
    if (i + 1 > this.values.length) this.values = this.grown(i + 1);
    this.values[i] = value;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  pushNull(): void {
    const i = this.length++;
    if (i + 1 > this.values.length) this.values = this.grown(i + 1);
    // A reused array holds old values: a NULL slot is zero, as in a fresh one.
    this.values[i] = 0;
    this.validity.mark(i, false);
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.type as arrow.Int32,
      length: this.length,
      data: this.values.subarray(0, this.length) as Int32Array,
      ...this.nullInfo(),
    });
  }
}

export class Int32Builder extends NumberBuilder<Int32Array<ArrayBuffer>> {
  constructor(readonly type: arrow.DataType = new arrow.Int32()) {
    super(new Int32Array(64));
  }
  protected grown(need: number): Int32Array<ArrayBuffer> {
    return growI32(this.values, need);
  }
}

export class Float64Builder extends NumberBuilder<Float64Array<ArrayBuffer>> {
  readonly type = new arrow.Float64();
  constructor() {
    super(new Float64Array(64));
  }
  protected grown(need: number): Float64Array<ArrayBuffer> {
    return growF64(this.values, need);
  }
}

export class BoolBuilder extends Builder {
  readonly type = new arrow.Bool();
  bits = new Uint8Array(64);
  push(value: boolean): void {
    const i = this.length++;
    if ((i >> 3) + 1 > this.bits.length) this.bits = growU8(this.bits, (i >> 3) + 1);
    if (value) this.bits[i >> 3] |= 1 << (i & 7);
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.type,
      length: this.length,
      data: this.bits.subarray(0, (this.length + 7) >> 3),
      nullCount: 0,
    });
  }
  /** push() only sets bits, so the used bytes go back to zero. */
  override reset(): void {
    this.bits.fill(0, 0, (this.length + 7) >> 3);
    super.reset();
  }
}

/** DECIMAL(p,s) from an integer count of the smallest unit (cents for scale 2), never negative here. */
export class DecimalBuilder extends Builder {
  words = new Uint32Array(256);
  /** 10^scale, computed once rather than per value (the same number either way). */
  private readonly unit: number;
  constructor(readonly type: arrow.Decimal) {
    super();
    this.unit = 10 ** type.scale;
  }
  pushUnscaled(units: number): void {
    const i = this.length++;
    if ((i + 1) * 4 > this.words.length) this.words = growU32(this.words, (i + 1) * 4);
    const u = Math.round(units);
    const high = Math.floor(u * INV_TWO_32);
    this.words[i * 4] = u >= 0 ? u - high * TWO_32 : u % TWO_32;
    this.words[i * 4 + 1] = high;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  /** A decimal amount (e.g. dollars), rounded to the column's scale. */
  push(amount: number): void {
    this.pushUnscaled(Math.round(amount * this.unit));
  }
  pushNull(): void {
    const i = this.length++;
    if ((i + 1) * 4 > this.words.length) this.words = growU32(this.words, (i + 1) * 4);
    // A reused array holds old values: a NULL slot is zero, as in a fresh one.
    this.words.fill(0, i * 4, i * 4 + 4);
    this.validity.mark(i, false);
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.type,
      length: this.length,
      data: this.words.subarray(0, this.length * 4),
      ...this.nullInfo(),
    });
  }
}

/** Variable-length values addressed by an offsets array (strings, lists): a NULL is an empty slot. */
abstract class OffsetsBuilder extends Builder {
  offsets = new Int32Array(64);
  override reserve(rows: number): void {
    if (this.length === 0 && rows + 1 > this.offsets.length) this.offsets = new Int32Array(rows + 1);
  }
  pushNull(): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = growI32(this.offsets, i + 2);
    this.offsets[i + 1] = this.offsets[i];
    this.validity.mark(i, false);
  }
}

export class Utf8Builder extends OffsetsBuilder {
  readonly type = new arrow.Utf8();
  bytes = new Uint8Array(1024);
  push(value: string): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = growI32(this.offsets, i + 2);
    const start = this.offsets[i];
    // Worst case 3 bytes per UTF-16 unit; strings here are short, so reserve and encode in place.
    if (start + value.length * 3 > this.bytes.length) this.bytes = growU8(this.bytes, start + value.length * 3);
    const bytes = this.bytes;
    // ASCII (ids, hashes, vocabulary words) is its own UTF-8: copy the code units, which beats
    // encodeInto and its subarray for short strings; anything else goes through the encoder.
    let at = start;
    for (let k = 0; k < value.length; k++) {
      const code = value.charCodeAt(k);
      if (code >= 0x80) {
        at = start + encoder.encodeInto(value, bytes.subarray(start)).written;
        break;
      }
      bytes[at++] = code;
    }
    this.offsets[i + 1] = at;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  /** Pre-encoded bytes: the fast path for values drawn from a fixed vocabulary. */
  pushBytes(value: Uint8Array): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = growI32(this.offsets, i + 2);
    const at = this.offsets[i];
    if (at + value.length > this.bytes.length) this.bytes = growU8(this.bytes, at + value.length);
    const bytes = this.bytes;
    // A plain loop beats TypedArray.set for the few bytes of an id or a word.
    for (let k = 0; k < value.length; k++) bytes[at + k] = value[k];
    this.offsets[i + 1] = at + value.length;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  finish(): arrow.Data {
    const end = this.offsets[this.length];
    return arrow.makeData({
      type: this.type,
      length: this.length,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      data: this.bytes.subarray(0, end),
      ...this.nullInfo(),
    });
  }
}

/** ARRAY<STRING>. */
export class ListUtf8Builder extends OffsetsBuilder {
  readonly items = new Utf8Builder();
  constructor(readonly type: arrow.List<arrow.Utf8>) {
    super();
  }
  push(values: readonly string[]): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = growI32(this.offsets, i + 2);
    for (const v of values) this.items.push(v);
    this.offsets[i + 1] = this.items.length;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  override reset(): void {
    super.reset();
    this.items.reset();
  }
  finish(): arrow.Data {
    return arrow.makeData({
      type: this.type,
      length: this.length,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child: this.items.finish() as arrow.Data<arrow.Utf8>,
      ...this.nullInfo(),
    });
  }
}

/** MAP<STRING,DOUBLE>. */
export class MapBuilder extends Builder {
  offsets = new Int32Array(64);
  readonly keys = new Utf8Builder();
  readonly values = new Float64Builder();
  constructor(readonly type: arrow.Map_<arrow.Utf8, arrow.Float64>) {
    super();
  }
  push(keys: readonly string[], values: ArrayLike<number>): void {
    const i = this.length++;
    if (i + 2 > this.offsets.length) this.offsets = growI32(this.offsets, i + 2);
    for (let k = 0; k < keys.length; k++) {
      this.keys.push(keys[k]);
      this.values.push(values[k]);
    }
    this.offsets[i + 1] = this.keys.length;
  }
  override reset(): void {
    super.reset();
    this.keys.reset();
    this.values.reset();
  }
  finish(): arrow.Data {
    const entries = this.type.children[0].type as arrow.Struct;
    const child = arrow.makeData({
      type: entries,
      length: this.keys.length,
      children: [this.keys.finish(), this.values.finish()],
      nullCount: 0,
    });
    return arrow.makeData({
      type: this.type,
      length: this.length,
      valueOffsets: this.offsets.subarray(0, this.length + 1),
      child,
      nullCount: 0,
    });
  }
}

const dictionaries = new WeakMap<readonly string[], arrow.Vector<arrow.Utf8>>();

/** Arrow vector of a vocabulary, built once per vocabulary array and shared by every batch. */
function dictionaryVector(vocabulary: readonly string[]): arrow.Vector<arrow.Utf8> {
  let v = dictionaries.get(vocabulary);
  if (!v) {
    const b = new Utf8Builder();
    for (const s of vocabulary) b.push(s);
    v = arrow.makeVector(b.finish() as arrow.Data<arrow.Utf8>);
    dictionaries.set(vocabulary, v);
  }
  return v;
}

/** STRING from a fixed vocabulary, stored as Int32 indices into it (Arrow dictionary). */
export class DictUtf8Builder extends Builder {
  indices = new Int32Array(64);
  private vocabulary: readonly string[] | undefined;
  constructor(readonly type: arrow.Dictionary<arrow.Utf8, arrow.Int32>) {
    super();
  }
  /** Binds the vocabulary; every value pushed is an index into it. */
  use(vocabulary: readonly string[]): this {
    if (this.vocabulary && this.vocabulary !== vocabulary) throw new Error('a dictionary column takes one vocabulary');
    this.vocabulary = vocabulary;
    return this;
  }
  override reserve(rows: number): void {
    if (this.length === 0 && rows > this.indices.length) this.indices = new Int32Array(rows);
  }
  push(index: number): void {
    const i = this.length++;
    if (i + 1 > this.indices.length) this.indices = growI32(this.indices, i + 1);
    this.indices[i] = index;
    if (this.validity.bits) this.validity.mark(i, true);
  }
  pushNull(): void {
    const i = this.length++;
    if (i + 1 > this.indices.length) this.indices = growI32(this.indices, i + 1);
    this.indices[i] = 0;
    this.validity.mark(i, false);
  }
  finish(): arrow.Data {
    const dictionary = dictionaryVector(this.vocabulary ?? []);
    return arrow.makeData({
      type: this.type,
      length: this.length,
      data: this.indices.subarray(0, this.length),
      dictionary,
      ...this.nullInfo(),
    });
  }
}
