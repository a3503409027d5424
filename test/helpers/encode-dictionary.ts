import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';

/** A part as parquet-wasm writes it by default (dictionary pages on): what the merge must refuse. */
export function encodeWithDictionary(t: arrow.Table): Uint8Array {
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD).build();
  return pw.writeParquet(pw.Table.fromIPCStream(arrow.tableToIPC(t, 'stream')), props);
}
