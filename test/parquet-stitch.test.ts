/**
 * Parquet stitching: parts written by parquet-wasm are concatenated without
 * re-encoding, then read back by DuckDB (an independent reader) to prove the
 * merged footer and shifted offsets are correct.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CT, getList, readStruct, writeStruct } from '../src/write/thrift-compact.js';
import type { TStruct } from '../src/write/thrift-compact.js';
import { ParquetStitcher, openFileSink, readParquetParts } from '../src/write/parquet-stitch.js';

// ------------------------------------------------------------ input builder

const f = <T extends arrow.DataType>(name: string, type: T, nullable = false) =>
  new arrow.Field<T>(name, type, nullable);
const tsType = new arrow.TimestampMicrosecond('UTC');
const listType = new arrow.List(f('element', new arrow.Utf8(), false));
const mapType = new arrow.Map_(
  f(
    'entries',
    new arrow.Struct<{ key: arrow.Utf8; value: arrow.Float64 }>([
      f('key', new arrow.Utf8(), false),
      f('value', new arrow.Float64(), false),
    ]),
    false,
  ),
);
const decType = new arrow.Decimal(2, 10, 128);
const schema = new arrow.Schema([
  f('id', new arrow.Int64()),
  f('n', new arrow.Int32()),
  f('d', decType),
  f('t', tsType),
  f('day', new arrow.DateDay()),
  f('s', new arrow.Utf8(), true),
  f('l', listType),
  f('m', mapType),
  f('b', new arrow.Bool()),
]);
const TS0 = 1735689600000000n;

/** Deterministic row values for global row index g (plain JS, used for both building and expectations). */
function rowOf(g: number) {
  const listLen = g % 4;
  const mapLen = g % 3;
  return {
    id: BigInt(g) * 1000003n + 9007199254740993n,
    n: (g % 1000) - 500,
    dCents: BigInt(((g * 137) % 1_000_000_000) - 500_000_000),
    tUs: TS0 + BigInt(g) * 1000001n,
    day: g % 30000,
    s: g % 7 === 3 ? null : `s${g % 50}`,
    l: Array.from({ length: listLen }, (_, k) => `e${(g + k) % 10}`),
    m: Array.from({ length: mapLen }, (_, k) => ({ key: `k${k}`, value: (g + k) / 4 })),
    b: g % 3 === 0,
  };
}
type Row = ReturnType<typeof rowOf>;

const enc = new TextEncoder();
function utf8Data(strs: Array<string | null>): arrow.Data<arrow.Utf8> {
  const off = new Int32Array(strs.length + 1);
  const parts = strs.map((s) => enc.encode(s ?? ''));
  let o = 0;
  parts.forEach((p, i) => {
    o += p.length;
    off[i + 1] = o;
  });
  const data = new Uint8Array(o);
  o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  const nulls = strs.filter((s) => s === null).length;
  const nullBitmap = nulls ? bitmap(strs.map((s) => s !== null)) : undefined;
  return arrow.makeData({
    type: new arrow.Utf8(),
    length: strs.length,
    valueOffsets: off,
    data,
    nullBitmap,
    nullCount: nulls,
  });
}
function bitmap(bits: boolean[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((b, i) => {
    if (b) out[i >> 3]! |= 1 << (i & 7);
  });
  return out;
}
function offsets(lens: number[]): Int32Array {
  const o = new Int32Array(lens.length + 1);
  lens.forEach((l, i) => {
    o[i + 1] = o[i]! + l;
  });
  return o;
}

function buildTable(rows: Row[]): arrow.Table {
  const n = rows.length;
  const dec = new BigInt64Array(n * 2); // 128-bit little-endian two's complement
  rows.forEach((r, i) => {
    dec[2 * i] = r.dCents;
    dec[2 * i + 1] = r.dCents < 0n ? -1n : 0n;
  });
  const listChild = utf8Data(rows.flatMap((r) => r.l));
  const entries = rows.flatMap((r) => r.m);
  const structData = arrow.makeData({
    type: mapType.children[0]!.type as arrow.Struct,
    length: entries.length,
    children: [
      utf8Data(entries.map((e) => e.key)),
      arrow.makeData({
        type: new arrow.Float64(),
        length: entries.length,
        data: Float64Array.from(entries, (e) => e.value),
      }),
    ],
  });
  const cols = [
    arrow.makeData({ type: new arrow.Int64(), length: n, data: BigInt64Array.from(rows, (r) => r.id) }),
    arrow.makeData({ type: new arrow.Int32(), length: n, data: Int32Array.from(rows, (r) => r.n) }),
    arrow.makeData({ type: decType, length: n, data: new Uint32Array(dec.buffer) }),
    arrow.makeData({ type: tsType, length: n, data: BigInt64Array.from(rows, (r) => r.tUs) }),
    arrow.makeData({ type: new arrow.DateDay(), length: n, data: Int32Array.from(rows, (r) => r.day) }),
    utf8Data(rows.map((r) => r.s)),
    arrow.makeData({
      type: listType,
      length: n,
      valueOffsets: offsets(rows.map((r) => r.l.length)),
      child: listChild,
      nullCount: 0,
    }),
    arrow.makeData({
      type: mapType,
      length: n,
      valueOffsets: offsets(rows.map((r) => r.m.length)),
      child: structData,
      nullCount: 0,
    }),
    arrow.makeData({ type: new arrow.Bool(), length: n, data: bitmap(rows.map((r) => r.b)) }),
  ];
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, children: cols as arrow.Data[] });
  return new arrow.Table([new arrow.RecordBatch(schema, struct)]);
}

function writeParquetPart(t: arrow.Table): Uint8Array {
  const wt = pw.Table.fromIPCStream(arrow.tableToIPC(t, 'stream'));
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD).build();
  return pw.writeParquet(wt, props);
}

/** Rows [start, start+count) as a Parquet part. */
function makePart(start: number, count: number): { bytes: Uint8Array; rows: Row[] } {
  const rows = Array.from({ length: count }, (_, i) => rowOf(start + i));
  return { bytes: writeParquetPart(buildTable(rows)), rows };
}

/** What DuckDB's JSON rows should look like for the SELECT in readBack(). */
function expectedJson(r: Row) {
  const neg = r.dCents < 0n;
  const abs = neg ? -r.dCents : r.dCents;
  return {
    id: r.id.toString(),
    n: r.n,
    d: `${neg ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`,
    t_us: r.tUs.toString(),
    day: r.day,
    s: r.s,
    l: r.l,
    m: r.m,
    b: r.b,
  };
}

// ------------------------------------------------------------ harness

let dir: string;
let db: DuckDBInstance;
let con: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idgraph-stitch-'));
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  await con.run('SET preserve_insertion_order = true');
});
afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await con.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

async function stitchToFile(
  parts: Uint8Array[],
  name: string,
): Promise<{ path: string; bytes: Uint8Array; stitcher: ParquetStitcher }> {
  const path = join(dir, name);
  const sink = await openFileSink(path);
  const stitcher = new ParquetStitcher(sink);
  for (const p of parts) await stitcher.append(p);
  await stitcher.finish();
  await sink.close();
  return { path, bytes: new Uint8Array(readFileSync(path)), stitcher };
}

async function readBack(path: string) {
  // Timestamps/dates as integers to compare exactly without depending on DuckDB's text formatting.
  return query(
    `SELECT id, n, d, epoch_us(t)::VARCHAR AS t_us, (day - DATE '1970-01-01')::INTEGER AS day, s, l, m, b FROM '${path}'`,
  );
}

function assertRows(actual: Record<string, unknown>[], rows: Row[]): void {
  expect(actual.length).toBe(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const exp = expectedJson(rows[i]!);
    // Cheap string compare first; fall back to a readable deep-equal diff on the first mismatch.
    if (JSON.stringify(actual[i]) !== JSON.stringify(exp)) expect({ row: i, ...actual[i] }).toEqual({ row: i, ...exp });
  }
}

// ------------------------------------------------------------ tests

describe('thrift compact', () => {
  it('round-trips parquet-wasm footers byte-for-byte', () => {
    const { bytes } = makePart(0, 20);
    const { footer } = readParquetParts(bytes);
    const { struct, end } = readStruct(footer);
    expect(end).toBe(footer.length);
    expect(Buffer.from(writeStruct(struct)).equals(Buffer.from(footer))).toBe(true);
  });

  it('round-trips every compact type, long field ids and big lists', () => {
    const inner: TStruct = { kind: 'struct', fields: [{ id: 1, type: CT.BOOL, value: false }] };
    const s: TStruct = {
      kind: 'struct',
      fields: [
        { id: 1, type: CT.BOOL, value: true },
        { id: 2, type: CT.BYTE, value: -5 },
        { id: 3, type: CT.I16, value: -300 },
        { id: 4, type: CT.I32, value: -2147483648 },
        { id: 40, type: CT.I64, value: -9223372036854775808n }, // delta > 15 → long header
        { id: 41, type: CT.DOUBLE, value: 3.25 },
        { id: 42, type: CT.BINARY, value: new Uint8Array([0, 255, 7]) },
        {
          id: 43,
          type: CT.LIST,
          value: { kind: 'list', type: CT.LIST, elemType: CT.I32, items: Array.from({ length: 20 }, (_, i) => i - 10) },
        },
        { id: 44, type: CT.SET, value: { kind: 'list', type: CT.SET, elemType: CT.BOOL, items: [true, false] } },
        {
          id: 45,
          type: CT.MAP,
          value: { kind: 'map', keyType: CT.BINARY, valType: CT.STRUCT, entries: [[new Uint8Array([65]), inner]] },
        },
        { id: 46, type: CT.STRUCT, value: inner },
        { id: 2, type: CT.I32, value: 1 }, // out-of-order id → long header
      ],
    };
    const bytes = writeStruct(s);
    const back = readStruct(bytes);
    expect(back.end).toBe(bytes.length);
    expect(back.struct).toEqual(s);
    expect(Buffer.from(writeStruct(back.struct)).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('ParquetStitcher', () => {
  it('stitches 3 small parts; DuckDB reads every value, 3 row groups, unchanged schema; deterministic', async () => {
    const parts = [makePart(0, 5), makePart(5, 7), makePart(12, 4)];
    const { path, bytes, stitcher } = await stitchToFile(
      parts.map((p) => p.bytes),
      'small.parquet',
    );
    expect(stitcher.rowCount).toBe(16);
    expect(stitcher.bytesWritten).toBe(bytes.length);

    assertRows(
      await readBack(path),
      parts.flatMap((p) => p.rows),
    );

    const rgs = await query(
      `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata('${path}') ORDER BY 1`,
    );
    expect(rgs).toEqual([
      { row_group_id: '0', row_group_num_rows: '5' },
      { row_group_id: '1', row_group_num_rows: '7' },
      { row_group_id: '2', row_group_num_rows: '4' },
    ]);

    // Schema identical to a single part's schema (logical types preserved).
    const schemaSql = (p: string) =>
      `SELECT name, type, converted_type, logical_type, repetition_type, scale, precision FROM parquet_schema('${p}')`;
    const partPath = join(dir, 'part0.parquet');
    await (async () => {
      const s = await openFileSink(partPath);
      await s.write(parts[0]!.bytes);
      await s.close();
    })();
    const stitchedSchema = await query(schemaSql(path));
    expect(stitchedSchema).toEqual(await query(schemaSql(partPath)));
    const byName = Object.fromEntries(stitchedSchema.map((r) => [r.name, r]));
    expect(String(byName.d!.logical_type)).toContain('DecimalType(scale=2, precision=10)');
    expect(String(byName.t!.logical_type)).toContain('isAdjustedToUTC=1');
    expect(String(byName.t!.logical_type)).toContain('MICROS=MicroSeconds()');
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '${path}')`);
    expect(Object.fromEntries(types.map((r) => [r.column_name, r.column_type]))).toMatchObject({
      id: 'BIGINT',
      n: 'INTEGER',
      d: 'DECIMAL(10,2)',
      t: 'TIMESTAMP WITH TIME ZONE',
      day: 'DATE',
      s: 'VARCHAR',
      l: 'VARCHAR[]',
      m: 'MAP(VARCHAR, DOUBLE)',
      b: 'BOOLEAN',
    });

    // Determinism: same inputs → identical bytes.
    const again = await stitchToFile(
      parts.map((p) => p.bytes),
      'small2.parquet',
    );
    expect(Buffer.from(again.bytes).equals(Buffer.from(bytes))).toBe(true);

    // The merged footer is itself valid thrift that round-trips, with summed num_rows.
    const merged = readParquetParts(bytes);
    expect(merged.numRows).toBe(16n);
    expect(merged.rowGroups.length).toBe(3);
    expect(Buffer.from(writeStruct(merged.meta)).equals(Buffer.from(merged.footer))).toBe(true);
    // Page-index / bloom-filter references (not copied) must be gone; parts did have them.
    const ccIds = (rgs: TStruct[]) =>
      rgs.flatMap((rg) => (getList(rg, 1)!.items as TStruct[]).flatMap((cc) => cc.fields.map((x) => x.id)));
    expect(ccIds(readParquetParts(parts[0]!.bytes).rowGroups)).toContain(4);
    expect(ccIds(merged.rowGroups).filter((id) => id >= 4 && id <= 7)).toEqual([]);
    // RowGroup.ordinal renumbered 0..2.
    expect(merged.rowGroups.map((rg) => rg.fields.find((x) => x.id === 7)?.value)).toEqual([0, 1, 2]);
  });

  it('handles dictionary pages: 3 parts × 50k rows', async () => {
    const N = 50_000;
    const parts = [makePart(0, N), makePart(N, N), makePart(2 * N, N)];
    const { path, stitcher } = await stitchToFile(
      parts.map((p) => p.bytes),
      'big.parquet',
    );
    expect(stitcher.rowCount).toBe(3 * N);

    // String columns are low-cardinality, so parquet-wasm dictionary-encodes them.
    const dict = await query(
      `SELECT count(*)::INTEGER AS c FROM parquet_metadata('${path}') WHERE path_in_schema = 's' AND dictionary_page_offset IS NOT NULL`,
    );
    expect(dict).toEqual([{ c: 3 }]);
    const rgs = await query(`SELECT count(DISTINCT row_group_id)::INTEGER AS c FROM parquet_metadata('${path}')`);
    expect(rgs).toEqual([{ c: 3 }]);

    assertRows(
      await readBack(path),
      parts.flatMap((p) => p.rows),
    );
    const agg = await query(
      `SELECT sum(n)::BIGINT::VARCHAR AS sn, count(s)::INTEGER AS cs, sum(len(l))::INTEGER AS ll FROM '${path}'`,
    );
    const all = parts.flatMap((p) => p.rows);
    expect(agg).toEqual([
      {
        sn: String(all.reduce((a, r) => a + r.n, 0)),
        cs: all.filter((r) => r.s !== null).length,
        ll: all.reduce((a, r) => a + r.l.length, 0),
      },
    ]);
  }, 120_000);

  it('rejects a part whose schema differs', async () => {
    const good = makePart(0, 3).bytes;
    const other = new arrow.Schema([f('id', new arrow.Int64()), f('x', new arrow.Utf8(), true)]);
    const t = new arrow.Table([
      new arrow.RecordBatch(
        other,
        arrow.makeData({
          type: new arrow.Struct(other.fields),
          length: 1,
          children: [
            arrow.makeData({ type: new arrow.Int64(), length: 1, data: new BigInt64Array([1n]) }),
            utf8Data(['a']),
          ],
        }),
      ),
    ]);
    const bad = writeParquetPart(t);
    const written: Uint8Array[] = [];
    const st = new ParquetStitcher({
      write: async (b) => {
        written.push(b);
      },
    });
    await st.append(good);
    await expect(st.append(bad)).rejects.toThrow(/schema differs/);
  });

  it('rejects non-parquet input', () => {
    expect(() => readParquetParts(new Uint8Array(32))).toThrow(/PAR1/);
  });
});
