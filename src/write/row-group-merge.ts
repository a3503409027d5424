/**
 * Merges the row groups of several small Parquet parts into ONE row group without re-encoding.
 *
 * Why: a (chunk, day) part of an event table holds a few thousand rows; Spark and Databricks
 * scan row groups that small poorly, and re-encoding them together on the main thread kept it
 * busy while workers waited (issue 12). A Parquet column chunk is just a run of self-contained
 * pages, so the pages of column c from parts 1..k, laid end to end, are a valid column chunk of
 * a row group holding all their rows. Only footer metadata is combined: value counts and sizes
 * summed, encodings joined, min/max/null statistics merged by physical type.
 *
 * Precondition: no dictionary pages (a column chunk may start with at most one dictionary, and
 * each part's data pages would refer to their own). encodeParquet turns dictionaries off for
 * that reason. Column/offset indexes, bloom filters and size statistics are dropped, as the
 * stitcher already does.
 */
import type { ParquetParts } from './parquet-stitch.js';
import { CT, getField, getI64, getList, getStruct, type TField, type TStruct, type TValue } from './thrift-compact.js';

const RG = { columns: 1, totalByteSize: 2, numRows: 3, fileOffset: 5, totalCompressed: 6 };
const CC = { fileOffset: 2, metaData: 3, indexFirst: 4, indexLast: 7 };
const CMD = {
  type: 1,
  encodings: 2,
  numValues: 5,
  totalUncompressed: 6,
  totalCompressed: 7,
  dataPage: 9,
  indexPage: 10,
  dictPage: 11,
  statistics: 12,
  encodingStats: 13,
  bloomOffset: 14,
  bloomLen: 15,
  sizeStatistics: 16,
};
const ST = { nullCount: 3, maxValue: 5, minValue: 6, maxExact: 7, minExact: 8 };
const PHYSICAL = { BOOLEAN: 0, INT32: 1, INT64: 2, FLOAT: 4, DOUBLE: 5, BYTE_ARRAY: 6 };

/** Orders two plain-encoded statistics values of a physical type; undefined when we cannot. */
function comparer(physical: number): ((a: Uint8Array, b: Uint8Array) => number) | undefined {
  const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (physical) {
    case PHYSICAL.INT32:
      return (a, b) => view(a).getInt32(0, true) - view(b).getInt32(0, true);
    case PHYSICAL.INT64:
      return (a, b) => {
        const x = view(a).getBigInt64(0, true);
        const y = view(b).getBigInt64(0, true);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case PHYSICAL.FLOAT:
      return (a, b) => view(a).getFloat32(0, true) - view(b).getFloat32(0, true);
    case PHYSICAL.DOUBLE:
      return (a, b) => view(a).getFloat64(0, true) - view(b).getFloat64(0, true);
    case PHYSICAL.BOOLEAN:
    case PHYSICAL.BYTE_ARRAY:
      // Unsigned lexicographic: Parquet's order for UTF8 strings and booleans.
      return (a, b) => {
        const n = Math.min(a.length, b.length);
        for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
        return a.length - b.length;
      };
    default:
      return undefined; // e.g. FIXED_LEN_BYTE_ARRAY decimals: signed order; not produced here, so stats are dropped
  }
}

function binary(s: TStruct, id: number): Uint8Array | undefined {
  const v = getField(s, id)?.value;
  return v instanceof Uint8Array ? v : undefined;
}

/** Statistics of the merged chunk: extremes over the parts, null counts summed; anything not known for every part is left out. */
function mergeStatistics(stats: (TStruct | undefined)[], physical: number): TStruct | undefined {
  if (stats.some((s) => s === undefined)) return undefined;
  const all = stats as TStruct[];
  const fields: TField[] = [];
  const cmp = comparer(physical);
  const extreme = (id: number, sign: 1 | -1) => {
    if (!cmp) return;
    // A part with only nulls has no min/max: it does not move the extremes.
    const values = all.map((s) => binary(s, id)).filter((v): v is Uint8Array => v !== undefined);
    if (values.length === 0) return;
    let best = values[0];
    for (const v of values) if (sign * cmp(v, best) > 0) best = v;
    fields.push({ id, type: CT.BINARY, value: best });
  };
  // The deprecated min/max (fields 1, 2) are left out: their order differs for strings, and readers use 5/6.
  const nulls = all.map((s) => getI64(s, ST.nullCount));
  if (nulls.every((n) => n !== undefined))
    fields.push({ id: ST.nullCount, type: CT.I64, value: nulls.reduce((a, n) => a! + n!, 0n)! });
  extreme(ST.maxValue, 1);
  extreme(ST.minValue, -1);
  for (const id of [ST.maxExact, ST.minExact]) {
    const flags = all.map((s) => getField(s, id)?.value);
    if (flags.every((f) => typeof f === 'boolean')) fields.push({ id, type: CT.BOOL, value: flags.every((f) => f) });
  }
  return { kind: 'struct', fields: fields.sort((a, b) => a.id - b.id) };
}

/** PageEncodingStats (page_type, encoding, count) summed per (page_type, encoding), first-seen order. */
function mergeEncodingStats(lists: (TValue[] | undefined)[]): TStruct[] | undefined {
  if (lists.some((l) => l === undefined)) return undefined;
  const merged = new Map<string, TStruct>();
  for (const item of (lists as TValue[][]).flat() as TStruct[]) {
    const pageType = getField(item, 1)?.value as number;
    const encoding = getField(item, 2)?.value as number;
    const key = `${pageType}/${encoding}`;
    const count = getField(item, 3)?.value as number;
    const seen = merged.get(key);
    if (seen) (getField(seen, 3) as TField).value = (getField(seen, 3)?.value as number) + count;
    else
      merged.set(key, {
        kind: 'struct',
        fields: [
          { id: 1, type: CT.I32, value: pageType },
          { id: 2, type: CT.I32, value: encoding },
          { id: 3, type: CT.I32, value: count },
        ],
      });
  }
  return [...merged.values()];
}

const i64 = (id: number, value: bigint): TField => ({ id, type: CT.I64, value });

function columnsOf(rg: TStruct): TStruct[] {
  return (getList(rg, RG.columns)?.items ?? []) as TStruct[];
}

/**
 * One row group holding every row of `parts` (each a one-row-group file of the same schema), for
 * a body that will start at absolute offset `at` in the output. Returns the body's pieces in
 * order (column by column, part by part: views into the inputs) and the RowGroup struct.
 */
export function mergeRowGroups(parts: ParquetParts[], at: number): { pieces: Uint8Array[]; rowGroup: TStruct } {
  for (const p of parts)
    if (p.rowGroups.length !== 1)
      throw new Error(`row-group merge: a part has ${p.rowGroups.length} row groups, not 1`);
  const groups = parts.map((p) => p.rowGroups[0]);
  const columnCount = columnsOf(groups[0]).length;
  const pieces: Uint8Array[] = [];
  const columns: TStruct[] = [];
  let pos = BigInt(at);
  for (let c = 0; c < columnCount; c++) {
    const metas = groups.map((g) => getStruct(columnsOf(g)[c], CC.metaData)!);
    const start = pos;
    for (let p = 0; p < parts.length; p++) {
      if (getI64(metas[p], CMD.dictPage) !== undefined && getI64(metas[p], CMD.dictPage)! > 0n)
        throw new Error('row-group merge: parts must be written without dictionary pages');
      const from = Number(getI64(metas[p], CMD.dataPage)!) - parts[p].bodyOffset;
      const length = Number(getI64(metas[p], CMD.totalCompressed)!);
      pieces.push(parts[p].body.subarray(from, from + length));
      pos += BigInt(length);
    }
    const sum = (id: number) => metas.reduce((a, m) => a + (getI64(m, id) ?? 0n), 0n);
    const physical = getField(metas[0], CMD.type)?.value as number;
    const encodings = [...new Set(metas.flatMap((m) => (getList(m, CMD.encodings)?.items ?? []) as number[]))];
    const stats = mergeStatistics(
      metas.map((m) => getStruct(m, CMD.statistics)),
      physical,
    );
    const encodingStats = mergeEncodingStats(metas.map((m) => getList(m, CMD.encodingStats)?.items));
    const meta: TField[] = [];
    for (const f of metas[0].fields) {
      if (f.id === CMD.encodings) meta.push({ ...f, value: { ...(f.value as object), items: encodings } as TValue });
      else if (f.id === CMD.numValues || f.id === CMD.totalUncompressed || f.id === CMD.totalCompressed)
        meta.push(i64(f.id, sum(f.id)));
      else if (f.id === CMD.dataPage) meta.push(i64(f.id, start));
      else if (f.id === CMD.statistics) {
        if (stats) meta.push({ ...f, value: stats });
      } else if (f.id === CMD.encodingStats) {
        if (encodingStats) meta.push({ ...f, value: { ...(f.value as object), items: encodingStats } as TValue });
      } else if (
        f.id !== CMD.indexPage &&
        f.id !== CMD.dictPage &&
        f.id !== CMD.bloomOffset &&
        f.id !== CMD.bloomLen &&
        f.id !== CMD.sizeStatistics
      )
        meta.push(f);
    }
    const chunk = columnsOf(groups[0])[c];
    columns.push({
      kind: 'struct',
      fields: chunk.fields
        .filter((f) => f.id < CC.indexFirst || f.id > CC.indexLast)
        .map((f) => {
          if (f.id === CC.metaData) return { ...f, value: { kind: 'struct', fields: meta } as TStruct };
          // Deprecated offset of the column metadata; writers put it after the chunk's pages.
          if (f.id === CC.fileOffset) return i64(f.id, pos);
          return f;
        }),
    });
  }
  const sumRg = (id: number) => groups.reduce((a, g) => a + (getI64(g, id) ?? 0n), 0n);
  const rowGroup: TStruct = {
    kind: 'struct',
    fields: groups[0].fields.map((f) => {
      if (f.id === RG.columns) return { ...f, value: { ...(f.value as object), items: columns } as TValue };
      if (f.id === RG.totalByteSize || f.id === RG.numRows || f.id === RG.totalCompressed)
        return i64(f.id, sumRg(f.id));
      if (f.id === RG.fileOffset) return i64(f.id, BigInt(at));
      return f;
    }),
  };
  return { pieces, rowGroup };
}
