import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';

/**
 * One record batch → one complete Parquet file (one row group), ZSTD. Workers call this per
 * chunk; the main thread stitches the row groups into target-size files without re-encoding.
 */
export function encodeParquet(batch: arrow.RecordBatch): Uint8Array {
  const ipc = arrow.tableToIPC(new arrow.Table([batch]), 'stream');
  const table = pw.Table.fromIPCStream(ipc);
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.ZSTD)
    // One row group per part whatever its size: the stitcher relies on it.
    .setMaxRowGroupSize(Math.max(1, batch.numRows))
    .setCreatedBy('idgraph')
    .build();
  // writeParquet takes ownership of (and frees) both wasm objects.
  return pw.writeParquet(table, props);
}
