/**
 * Minimal, schema-less Thrift Compact Protocol reader/writer.
 *
 * Why: Parquet footers (FileMetaData) are Thrift-compact structs. To stitch
 * many small Parquet files into one without re-encoding we only need to
 * rewrite a few integer offsets in the footer. Rather than modelling the whole
 * parquet.thrift IDL, we parse into a generic lossless tree (field id, wire
 * type, value), edit the handful of fields we care about, and serialize back.
 * Unknown/future fields are carried through untouched.
 *
 * Losslessness: the writer emits the canonical encoding (short field-header
 * deltas when 1..15, minimal varints), which is what every mainstream writer
 * (incl. parquet-rs / parquet-wasm) produces, so parse → serialize is
 * byte-identical for their footers (verified by tests).
 */

/** Compact-protocol wire type codes. */
export const CT = {
  STOP: 0,
  BOOL: 1, // on the wire a struct-field bool is 1 (true) or 2 (false); we normalize to 1
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;
export type CType = (typeof CT)[keyof typeof CT];

/**
 * Value representation by wire type:
 *   BOOL → boolean; BYTE/I16/I32/DOUBLE → number; I64 → bigint;
 *   BINARY → Uint8Array (a copy, never a view into the input);
 *   STRUCT → TStruct; LIST/SET → TList; MAP → TMap.
 */
export type TValue = boolean | number | bigint | Uint8Array | TStruct | TList | TMap | TRaw;

/** A struct already serialized (fields + STOP): written verbatim where a struct goes. Saves memory for long lists. */
export interface TRaw {
  kind: 'raw';
  bytes: Uint8Array;
}

export interface TField {
  id: number;
  type: CType;
  value: TValue;
}
export interface TStruct {
  kind: 'struct';
  /** Fields in wire order (order is preserved for byte-exact re-serialization). */
  fields: TField[];
}
export interface TList {
  kind: 'list';
  /** LIST or SET */
  type: typeof CT.LIST | typeof CT.SET;
  elemType: CType;
  items: TValue[];
}
export interface TMap {
  kind: 'map';
  keyType: CType;
  valType: CType;
  entries: Array<[TValue, TValue]>;
}

// ---------------------------------------------------------------- reading

class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  byte(): number {
    if (this.pos >= this.end) throw new Error(`thrift: unexpected end of data at ${this.pos}`);
    return this.buf[this.pos++]!;
  }
  uvarint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new Error('thrift: varint too long');
    }
  }
  /** Small unsigned varint (lengths, sizes) as a JS number. */
  usize(): number {
    const v = this.uvarint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('thrift: size too large');
    return Number(v);
  }
  zigzag(): bigint {
    const v = this.uvarint();
    return (v >> 1n) ^ -(v & 1n);
  }
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new Error('thrift: binary runs past end of data');
    const out = this.buf.slice(this.pos, this.pos + n); // copy: don't pin the source buffer
    this.pos += n;
    return out;
  }
}

function readValue(r: Reader, type: number, inContainer: boolean): TValue {
  switch (type) {
    case 1:
    case 2:
      // In a container a bool is a full byte (1 = true; 0 or 2 = false).
      return inContainer ? r.byte() === 1 : type === 1;
    case CT.BYTE: {
      const b = r.byte();
      return b > 127 ? b - 256 : b;
    }
    case CT.I16:
    case CT.I32:
      return Number(r.zigzag());
    case CT.I64:
      return BigInt.asIntN(64, r.zigzag());
    case CT.DOUBLE: {
      const b = r.bytes(8);
      return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
    }
    case CT.BINARY:
      return r.bytes(r.usize());
    case CT.LIST:
    case CT.SET: {
      const h = r.byte();
      let size = h >> 4;
      if (size === 15) size = r.usize();
      const elemType = normType(h & 0x0f);
      const items: TValue[] = [];
      for (let i = 0; i < size; i++) items.push(readValue(r, elemType, true));
      return { kind: 'list', type, elemType, items };
    }
    case CT.MAP: {
      const size = r.usize();
      if (size === 0) return { kind: 'map', keyType: CT.BINARY, valType: CT.BINARY, entries: [] };
      const kv = r.byte();
      const keyType = normType(kv >> 4);
      const valType = normType(kv & 0x0f);
      const entries: Array<[TValue, TValue]> = [];
      for (let i = 0; i < size; i++) entries.push([readValue(r, keyType, true), readValue(r, valType, true)]);
      return { kind: 'map', keyType, valType, entries };
    }
    case CT.STRUCT:
      return readStructBody(r);
    default:
      throw new Error(`thrift: unknown compact type ${type} at ${r.pos}`);
  }
}

function normType(t: number): CType {
  if (t === 2) return CT.BOOL;
  if (t < 1 || t > 12) throw new Error(`thrift: bad compact type ${t}`);
  return t as CType;
}

function readStructBody(r: Reader): TStruct {
  const fields: TField[] = [];
  let lastId = 0;
  for (;;) {
    const h = r.byte();
    const t = h & 0x0f;
    if (t === CT.STOP) return { kind: 'struct', fields };
    const delta = h >> 4;
    const id = delta === 0 ? Number(r.zigzag()) : lastId + delta;
    lastId = id;
    fields.push({ id, type: normType(t), value: readValue(r, t, false) });
  }
}

/**
 * Parse one struct starting at `start`. Returns the tree and the offset just
 * past its STOP byte (so callers can verify the whole buffer was consumed).
 */
export function readStruct(buf: Uint8Array, start = 0, end = buf.length): { struct: TStruct; end: number } {
  const r = new Reader(buf, start, end);
  const struct = readStructBody(r);
  return { struct, end: r.pos };
}

// ---------------------------------------------------------------- writing

/** Growable byte buffer. */
class Writer {
  buf = new Uint8Array(1024);
  len = 0;
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const nb = new Uint8Array(cap);
    nb.set(this.buf.subarray(0, this.len));
    this.buf = nb;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  uvarint(v: bigint): void {
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      this.byte(b);
    } while (v !== 0n);
  }
  zigzag(v: bigint, bits: number): void {
    const n = BigInt.asIntN(bits, v);
    this.uvarint(BigInt.asUintN(bits, (n << 1n) ^ (n >> BigInt(bits - 1))));
  }
}

function expectNum(v: TValue): number {
  if (typeof v !== 'number') throw new Error(`thrift: expected number, got ${typeof v}`);
  return v;
}

function writeValue(w: Writer, type: CType, v: TValue, inContainer: boolean): void {
  switch (type) {
    case CT.BOOL:
      if (inContainer) w.byte(v ? 1 : 2); // struct-field bools live in the header
      return;
    case CT.BYTE:
      w.byte(expectNum(v));
      return;
    case CT.I16:
      w.zigzag(BigInt(expectNum(v)), 16);
      return;
    case CT.I32:
      w.zigzag(BigInt(expectNum(v)), 32);
      return;
    case CT.I64:
      if (typeof v !== 'bigint') throw new Error('thrift: i64 value must be a bigint');
      w.zigzag(v, 64);
      return;
    case CT.DOUBLE: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, expectNum(v), true);
      w.bytes(b);
      return;
    }
    case CT.BINARY:
      if (!(v instanceof Uint8Array)) throw new Error('thrift: binary value must be a Uint8Array');
      w.uvarint(BigInt(v.length));
      w.bytes(v);
      return;
    case CT.LIST:
    case CT.SET: {
      const l = v as TList;
      if (l.kind !== 'list') throw new Error('thrift: expected list');
      const n = l.items.length;
      if (n < 15) w.byte((n << 4) | l.elemType);
      else {
        w.byte(0xf0 | l.elemType);
        w.uvarint(BigInt(n));
      }
      for (const it of l.items) writeValue(w, l.elemType, it, true);
      return;
    }
    case CT.MAP: {
      const m = v as TMap;
      if (m.kind !== 'map') throw new Error('thrift: expected map');
      w.uvarint(BigInt(m.entries.length));
      if (m.entries.length === 0) return;
      w.byte((m.keyType << 4) | m.valType);
      for (const [k, val] of m.entries) {
        writeValue(w, m.keyType, k, true);
        writeValue(w, m.valType, val, true);
      }
      return;
    }
    case CT.STRUCT:
      if ((v as TRaw).kind === 'raw') w.bytes((v as TRaw).bytes);
      else writeStructBody(w, v as TStruct);
      return;
    default:
      throw new Error(`thrift: cannot write compact type ${String(type)}`);
  }
}

function writeStructBody(w: Writer, s: TStruct): void {
  if (s.kind !== 'struct') throw new Error('thrift: expected struct');
  let lastId = 0;
  for (const f of s.fields) {
    const wireType = f.type === CT.BOOL ? (f.value ? 1 : 2) : f.type;
    const delta = f.id - lastId;
    if (delta > 0 && delta <= 15) w.byte((delta << 4) | wireType);
    else {
      w.byte(wireType);
      w.zigzag(BigInt(f.id), 16);
    }
    lastId = f.id;
    writeValue(w, f.type, f.value, false);
  }
  w.byte(CT.STOP);
}

/** Serialize a struct tree to compact-protocol bytes. */
export function writeStruct(s: TStruct): Uint8Array {
  const w = new Writer();
  writeStructBody(w, s);
  return w.buf.slice(0, w.len);
}

// ---------------------------------------------------------------- helpers

export function getField(s: TStruct, id: number): TField | undefined {
  return s.fields.find((f) => f.id === id);
}

/** Typed accessors: throw if the field is present with an unexpected shape. */
export function getI64(s: TStruct, id: number): bigint | undefined {
  const f = getField(s, id);
  if (f === undefined) return undefined;
  if (typeof f.value === 'bigint') return f.value;
  if (typeof f.value === 'number') return BigInt(f.value);
  throw new Error(`thrift: field ${id} is not an integer`);
}
export function getStruct(s: TStruct, id: number): TStruct | undefined {
  const v = getField(s, id)?.value;
  return v !== undefined && typeof v === 'object' && 'kind' in v && v.kind === 'struct' ? v : undefined;
}
export function getList(s: TStruct, id: number): TList | undefined {
  const v = getField(s, id)?.value;
  return v !== undefined && typeof v === 'object' && 'kind' in v && v.kind === 'list' ? v : undefined;
}

/** Replace a field's value in place (keeping wire order); no-op if absent. */
export function setFieldValue(s: TStruct, id: number, value: TValue): void {
  const f = getField(s, id);
  if (f) f.value = value;
}
