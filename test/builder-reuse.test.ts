/**
 * Builder reuse (src/gen/chunk-output.ts pools builders between chunks): a builder emptied with
 * reset() after holding other rows must build exactly what a fresh builder builds. Checked two
 * ways: the Parquet bytes equal a fresh builder's, and Arrow reads back the values pushed (so a
 * stale bit or value from the earlier rows shows either way).
 */
import * as arrow from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { getTable } from '../src/schema/registry.js';
import { encodeParquet } from '../src/write/encode-parquet.js';
import { TableBuilder } from '../src/write/table-builder.js';
import {
  BoolBuilder,
  type Builder,
  DecimalBuilder,
  DictUtf8Builder,
  Float64Builder,
  Int32Builder,
  Int64Builder,
  ListUtf8Builder,
  MapBuilder,
  Utf8Builder,
} from '../src/write/columns.js';

const VOCAB = ['a', 'b', 'c'];

interface Cols {
  id: Int64Builder;
  n: Int32Builder;
  x: Float64Builder;
  flag: BoolBuilder;
  amount: DecimalBuilder;
  text: Utf8Builder;
  word: DictUtf8Builder;
  tags: ListUtf8Builder;
  scores: MapBuilder;
}

function columns(): Cols {
  return {
    id: new Int64Builder(),
    n: new Int32Builder(),
    x: new Float64Builder(),
    flag: new BoolBuilder(),
    amount: new DecimalBuilder(new arrow.Decimal(2, 10, 128)),
    text: new Utf8Builder(),
    word: new DictUtf8Builder(new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())).use(VOCAB),
    tags: new ListUtf8Builder(new arrow.List(new arrow.Field('item', new arrow.Utf8(), true))),
    scores: new MapBuilder(
      new arrow.Map_(
        new arrow.Field(
          'entries',
          new arrow.Struct([
            new arrow.Field('key', new arrow.Utf8(), false),
            new arrow.Field('value', new arrow.Float64()),
          ]),
          false,
        ),
      ),
    ),
  };
}

/** Rows whose NULL positions and values depend on `salt`, so two fills differ everywhere. */
function fill(c: Cols, rows: number, salt: number, nulls: boolean): void {
  for (let i = 0; i < rows; i++) {
    const isNull = nulls && (i + salt) % 4 === 0;
    c.id.push(i * 1000 + salt);
    if (isNull) c.n.pushNull();
    else c.n.push(i + salt);
    if (isNull) c.x.pushNull();
    else c.x.push(i / 3 + salt);
    c.flag.push((i + salt) % 3 === 0);
    if (isNull) c.amount.pushNull();
    else c.amount.push(i * 1.25 + salt);
    if (isNull) c.text.pushNull();
    else c.text.push(`v${i * salt}`);
    if (isNull) c.word.pushNull();
    else c.word.push((i + salt) % VOCAB.length);
    c.tags.push(Array.from({ length: (i + salt) % 3 }, (_, k) => `t${k + salt}`));
    c.scores.push(['k'], [i + salt]);
  }
}

function table(c: Cols): arrow.Table {
  const data: Record<string, arrow.Vector> = {};
  for (const [name, b] of Object.entries(c) as [string, Builder][]) data[name] = arrow.makeVector(b.finish());
  return new arrow.Table(data);
}

/** Every row as JSON text, as Arrow reads it (64-bit values as decimal strings). */
function rowsOf(t: arrow.Table): string[] {
  return t.toArray().map((r) => JSON.stringify(r.toJSON(), (_, v) => (typeof v === 'bigint' ? String(v) : v)));
}

function reset(c: Cols): void {
  for (const b of Object.values(c) as Builder[]) b.reset();
}

describe('builder reuse', () => {
  it('a reset builder builds what a fresh one builds', () => {
    const reused = columns();
    // More rows, other values and NULLs everywhere first; then fewer rows without NULLs, then with.
    fill(reused, 300, 7, true);
    encodeParquet(table(reused));
    for (const [rows, salt, nulls] of [
      [120, 2, false],
      [200, 3, true],
    ] as const) {
      reset(reused);
      fill(reused, rows, salt, nulls);
      const fresh = columns();
      fill(fresh, rows, salt, nulls);
      const got = table(reused);
      const want = table(fresh);
      expect(rowsOf(got)).toEqual(rowsOf(want));
      // Arrow reads back exactly the pushed values: nothing of the first fill shows through.
      expect(got.getChild('flag')!.toArray()).toEqual(Array.from({ length: rows }, (_, i) => (i + salt) % 3 === 0));
      expect(got.getChild('n')!.nullCount).toBe(nulls ? Math.ceil((rows - ((4 - (salt % 4)) % 4)) / 4) : 0);
      expect(Buffer.from(encodeParquet(got)).equals(Buffer.from(encodeParquet(want)))).toBe(true);
    }
  });

  it('a reset table builder is empty and keeps working', () => {
    const b = new TableBuilder(getTable('households'));
    expect(b.rowCount).toBe(0);
    b.int64('household_id').push(5);
    expect(b.rowCount).toBe(1);
    b.reset();
    expect(b.rowCount).toBe(0);
  });
});
