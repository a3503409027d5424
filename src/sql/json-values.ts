import {
  DuckDBArrayValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Whole numbers JavaScript holds exactly stay numbers; beyond 2^53 a JSON reader would round
 * them silently, so they are strings (as DuckDB's own JSON converter does for every BIGINT).
 */
const exactInteger = (n: bigint): number | string =>
  n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(n) : String(n);

const pad = (n: bigint, width: number) => String(n).padStart(width, '0');

/** Microseconds since the epoch as ISO 8601 UTC with all six fraction digits (Date keeps only three). */
function isoFromMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - ms * 1000n;
  return `${new Date(Number(ms)).toISOString().slice(0, -1)}${pad(rest, 3)}Z`;
}

function timestamp(v: DuckDBValue): string | undefined {
  // ±infinity has no ISO form: DuckDB's own spelling.
  if (v instanceof DuckDBTimestampValue || v instanceof DuckDBTimestampTZValue)
    return v.isFinite ? isoFromMicros(v.micros) : String(v);
  if (v instanceof DuckDBTimestampMillisecondsValue) return v.isFinite ? isoFromMicros(v.millis * 1000n) : String(v);
  if (v instanceof DuckDBTimestampSecondsValue) return v.isFinite ? isoFromMicros(v.seconds * 1_000_000n) : String(v);
  if (v instanceof DuckDBTimestampNanosecondsValue) {
    if (!v.isFinite) return String(v);
    const micros = v.nanos / 1000n - (v.nanos % 1000n < 0n ? 1n : 0n);
    return `${isoFromMicros(micros).slice(0, -1)}${pad(v.nanos - micros * 1000n, 3)}Z`;
  }
  return undefined;
}

/**
 * One DuckDB value as JSON users expect: integers and decimals as numbers (when exact),
 * timestamps as ISO 8601 UTC, maps as objects, lists as arrays, structs as objects; anything
 * else (dates, UUIDs, intervals, blobs) as DuckDB writes it.
 */
export function jsonValue(v: DuckDBValue): JsonValue {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return exactInteger(v);
  if (v instanceof DuckDBDecimalValue) {
    // A decimal whose digits a double keeps exactly (every DECIMAL(15,s) does) is a number.
    const d = v.toDouble();
    return Number.isFinite(d) && d.toFixed(v.scale) === String(v) ? d : String(v);
  }
  const ts = timestamp(v);
  if (ts !== undefined) return ts;
  if (v instanceof DuckDBListValue || v instanceof DuckDBArrayValue) return v.items.map(jsonValue);
  if (v instanceof DuckDBMapValue)
    return Object.fromEntries(v.entries.map((e) => [String(jsonValue(e.key)), jsonValue(e.value)]));
  if (v instanceof DuckDBStructValue)
    return Object.fromEntries(Object.entries(v.entries).map(([k, x]) => [k, jsonValue(x)]));
  return String(v);
}

/** A value as DuckDB's own CLI prints it (NULL aside, which each format spells itself). */
export const textValue = (v: DuckDBValue): string | null => (v === null ? null : String(v));
