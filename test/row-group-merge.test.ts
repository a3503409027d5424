/**
 * Row-group merge: parts encoded by parquet-wasm (no dictionaries) become ONE row group by
 * laying their pages end to end. DuckDB, an independent reader, must read every row back, see
 * one row group, and find footer statistics equal to the extremes it computes from the data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeParquet } from '../src/write/encode-parquet.js';
import { openFileSink, ParquetStitcher } from '../src/write/parquet-stitch.js';
import { duck } from './helpers/duckdb.js';

const dir = mkdtempSync(join(tmpdir(), 'idgraph-merge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Part p of rows [from, from + n): values that move the extremes differently in every part. */
function part(from: number, n: number): arrow.Table {
  const ids = BigInt64Array.from({ length: n }, (_, i) => BigInt((from + i) * (from % 2 ? -7 : 5)));
  const small = Int32Array.from({ length: n }, (_, i) => ((from + i) * 37) % 1000);
  const real = Float64Array.from({ length: n }, (_, i) => Math.sin(from + i) * 100);
  const text = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `s${((from + i) * 13) % 977}`));
  const tags = Array.from({ length: n }, (_, i) => Array.from({ length: i % 3 }, (_, k) => `t${(from + i + k) % 11}`));
  // A part whose text column is all null has no min/max for it: the merge must skip it.
  if (from === 1000) text.fill(null);
  return new arrow.Table({
    id: arrow.makeVector(ids),
    small: arrow.makeVector(small),
    real: arrow.makeVector(real),
    text: arrow.vectorFromArray(text, new arrow.Utf8()),
    tags: arrow.vectorFromArray(tags, new arrow.List(new arrow.Field('item', new arrow.Utf8(), true))),
  });
}

describe('row-group merge', () => {
  it('merges parts into one row group that DuckDB reads with correct statistics', async () => {
    const sizes: [number, number][] = [
      [0, 700],
      [1000, 300],
      [2001, 1200],
    ];
    const tables = sizes.map(([from, n]) => part(from, n));
    const path = join(dir, 'merged.parquet');
    const sink = await openFileSink(path);
    const stitcher = new ParquetStitcher(sink);
    await stitcher.appendMerged(tables.map((t) => encodeParquet(t)));
    await stitcher.append(encodeParquet(part(5000, 50)));
    await stitcher.finish();
    await sink.close();

    const db = await duck();
    const file = `read_parquet('${path}')`;
    expect(await db.value(`SELECT count(*) FROM ${file}`)).toBe(2250);
    const groups = await db.rows(
      `SELECT row_group_id, any_value(row_group_num_rows) AS n FROM parquet_metadata('${path}') GROUP BY ALL ORDER BY 1`,
    );
    expect(groups.map((g) => Number(g.n))).toEqual([2200, 50]);
    // Every value, in order, equals what went in.
    const expected = [...tables, part(5000, 50)].flatMap((t) =>
      t.toArray().map((r) => ({ id: String(r.id), text: r.text === null ? null : String(r.text), n: r.tags.length })),
    );
    const got = await db.rows(`SELECT CAST(id AS VARCHAR) AS id, text, len(tags) AS n FROM ${file}`);
    expect(got.map((r) => ({ id: String(r.id), text: r.text ?? null, n: Number(r.n) }))).toEqual(expected);
    // Footer statistics of the merged group = extremes DuckDB computes from its rows.
    for (const col of ['id', 'small', 'real', 'text']) {
      const stats = await db.rows(
        `SELECT stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls FROM parquet_metadata('${path}') WHERE row_group_id = 0 AND path_in_schema = '${col}'`,
      );
      const truth = await db.rows(
        `SELECT CAST(min(${col}) AS VARCHAR) AS lo, CAST(max(${col}) AS VARCHAR) AS hi, count(*) - count(${col}) AS nulls FROM (SELECT * FROM ${file} LIMIT 2200)`,
      );
      if (col === 'real') {
        expect(Number(stats[0].lo), col).toBeCloseTo(Number(truth[0].lo), 9);
        expect(Number(stats[0].hi), col).toBeCloseTo(Number(truth[0].hi), 9);
      } else {
        expect(String(stats[0].lo), col).toBe(String(truth[0].lo));
        expect(String(stats[0].hi), col).toBe(String(truth[0].hi));
      }
      expect(Number(stats[0].nulls), col).toBe(Number(truth[0].nulls));
    }
    // A filter DuckDB prunes with those statistics still finds the rows.
    expect(await db.value(`SELECT count(*) FROM ${file} WHERE id = -14042`)).toBe(1);
    db.close();
  });

  it('refuses parts that carry dictionary pages', async () => {
    const { encodeWithDictionary } = await import('./helpers/encode-dictionary.js');
    const sink = await openFileSink(join(dir, 'dict.parquet'));
    const stitcher = new ParquetStitcher(sink);
    const parts = [encodeWithDictionary(part(0, 100)), encodeWithDictionary(part(100, 100))];
    await expect(stitcher.appendMerged(parts)).rejects.toThrow(/without dictionary pages/);
    await sink.close();
  });
});
