const enc = new TextEncoder();

/** Pre-encoded UTF-8 for a fixed vocabulary: pushing bytes skips per-row string encoding. */
export const encodeAll = (values: readonly string[]): Uint8Array[] => values.map((v) => enc.encode(v));
