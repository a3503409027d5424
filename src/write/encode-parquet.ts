import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';

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
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    // One row group per part whatever its size: the stitcher relies on it.
    .setMaxRowGroupSize(Math.max(1, source.numRows))
    .setCreatedBy('idgraph')
    .build();
  // writeParquet takes ownership of (and frees) both wasm objects.
  return pw.writeParquet(table, props);
}

/** What a worker sends for one part: Parquet when big enough to be a row group, else Arrow IPC. */
export function encodePart(batch: arrow.RecordBatch): { format: 'parquet' | 'arrow'; bytes: Uint8Array } {
  if (batch.numRows < SMALL_PART_ROWS) return { format: 'arrow', bytes: arrow.tableToIPC(new arrow.Table([batch]), 'stream') };
  return { format: 'parquet', bytes: encodeParquet(batch) };
}
