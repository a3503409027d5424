import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { batchToIpc } from './ipc-stream.js';

/**
 * Rows → one complete Parquet file (one row group), ZSTD, no dictionary pages. Workers call
 * this per chunk part; the main thread only concatenates pages into row groups of at least
 * 65,536 rows (row-group-merge.ts) and stitches them into files, never re-encoding.
 *
 * Dictionaries are off because pages from different parts can share a row group only without
 * them (each part's dictionary would be its own). Measured on default-config parts: event
 * tables ~8% larger per part than with dictionaries on low-cardinality columns, identity
 * mappings +2%, audience attributes −16%, individuals +34% (a small table); in exchange no
 * encoding happens on the main thread and event row groups reach 64K rows (issue 12).
 */
export function encodeParquet(data: arrow.RecordBatch | arrow.Table): Uint8Array {
  const source = data instanceof arrow.Table ? data : new arrow.Table([data]);
  // A batch (every worker part) takes the cheaper path to the same IPC bytes (ipc-stream.ts).
  const ipc = data instanceof arrow.Table ? arrow.tableToIPC(source, 'stream') : batchToIpc(data);
  const table = pw.Table.fromIPCStream(ipc);
  const props = new pw.WriterPropertiesBuilder()
    .setDictionaryEnabled(false)
    .setCompression(pw.Compression.ZSTD)
    // One row group per part whatever its size: the stitcher and the merge rely on it.
    .setMaxRowGroupSize(Math.max(1, source.numRows))
    .setCreatedBy('idgraph')
    .build();
  // writeParquet takes ownership of (and frees) both wasm objects.
  return pw.writeParquet(table, props);
}
