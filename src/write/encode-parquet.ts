import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { TABLES } from '../schema/registry.js';

/** Parts with fewer rows travel as Arrow and are coalesced by the writer into larger row groups. */
export const SMALL_PART_ROWS = 8192;

/**
 * Rows → one complete Parquet file (one row group), ZSTD. Workers call this per
 * chunk; the main thread stitches the row groups into target-size files without re-encoding.
 */
export function encodeParquet(data: arrow.RecordBatch | arrow.Table): Uint8Array {
  const source = data instanceof arrow.Table ? data : new arrow.Table([data]);
  const ipc = arrow.tableToIPC(source, 'stream');
  const table = pw.Table.fromIPCStream(ipc);
  let builder = new pw.WriterPropertiesBuilder();
  for (const field of source.schema.fields)
    if (!wantsDictionary(field)) builder = builder.setColumnDictionaryEnabled(field.name, false);
  const props = builder
    .setCompression(pw.Compression.ZSTD)
    // One row group per part whatever its size: the stitcher relies on it.
    .setMaxRowGroupSize(Math.max(1, source.numRows))
    .setCreatedBy('idgraph')
    .build();
  // writeParquet takes ownership of (and frees) both wasm objects.
  return pw.writeParquet(table, props);
}

const HIGH_CARDINALITY = new Set(TABLES.flatMap((t) => t.columns.filter((c) => c.highCardinality).map((c) => c.name)));

/**
 * Parquet dictionary pages pay off for repeated values only. For 64-bit numbers (ids,
 * timestamps, doubles, decimals) and strings marked high-cardinality, turning them off made
 * encoding ~35% faster and files ~20% smaller (measured on engagement, exposure and identifier
 * parts): ZSTD compresses the plain values better than a dictionary that overflows anyway.
 */
function wantsDictionary(field: arrow.Field): boolean {
  const type = field.type;
  if (arrow.DataType.isTimestamp(type) || arrow.DataType.isFloat(type) || arrow.DataType.isDecimal(type)) return false;
  if (arrow.DataType.isInt(type) && type.bitWidth === 64) return false;
  return !HIGH_CARDINALITY.has(field.name);
}

/** What a worker sends for one part: Parquet when big enough to be a row group, else Arrow IPC. */
export function encodePart(batch: arrow.RecordBatch): { format: 'parquet' | 'arrow'; bytes: Uint8Array } {
  if (batch.numRows < SMALL_PART_ROWS)
    return { format: 'arrow', bytes: arrow.tableToIPC(new arrow.Table([batch]), 'stream') };
  return { format: 'parquet', bytes: encodeParquet(batch) };
}
