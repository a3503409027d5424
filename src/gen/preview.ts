import type { RunConfig } from '../config/schema.js';
import type { Column, Table } from '../schema/types.js';
import { generateChunk } from './chunk.js';
import { createContext } from './context.js';

/** A cell as JSON shows it: ids and decimals as numbers, timestamps as ISO 8601 UTC, maps as objects. */
export type PreviewValue = string | number | boolean | null | string[] | Record<string, number>;

export interface Preview {
  /** Households generated to fill the preview (from household 1 on). */
  households: number;
  tables: { table: Table; rows: Record<string, PreviewValue>[] }[];
}

/** Households per generateChunk call: small, so a preview stops as soon as every table is filled. */
const STEP = 16;
/** Stop there even if a table is still short (a config with almost no responses, say). */
const MAX_HOUSEHOLDS = 4096;

/**
 * The first `rows` rows of each table, from the same generator as `generate` (generateChunk is a
 * pure function of the config and the household range, so these are the rows a drop of the same
 * config holds), without workers, encoding or files.
 */
export function previewRows(config: RunConfig, tables: readonly Table[], rows: number): Preview {
  const ctx = createContext(config);
  const collected = new Map<string, Record<string, PreviewValue>[]>(tables.map((t) => [t.name, []]));
  const short = () => tables.some((t) => collected.get(t.name)!.length < rows);
  const limit = Math.min(config.households, MAX_HOUSEHOLDS);
  let households = 0;
  while (households < limit && short()) {
    const count = Math.min(STEP, limit - households);
    for (const { key, builder } of generateChunk(ctx, households, count).parts()) {
      const into = collected.get(key.table);
      if (!into || into.length >= rows) continue;
      const batch = builder.finish();
      const table = builder.table;
      for (let i = 0; i < batch.numRows && into.length < rows; i++) {
        const row: Record<string, PreviewValue> = {};
        for (const column of table.columns)
          row[column.name] = previewValue(column, batch.getChild(column.name)!.get(i));
        into.push(row);
      }
    }
    households += count;
  }
  return { households, tables: tables.map((table) => ({ table, rows: collected.get(table.name)! })) };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Arrow hands timestamps over as (fractional) milliseconds; the data has microseconds. */
function isoMicros(ms: number): string {
  const micros = Math.round(ms * 1000);
  const wholeMs = Math.floor(micros / 1000);
  return `${new Date(wholeMs).toISOString().slice(0, -1)}${pad(micros - wholeMs * 1000, 3)}Z`;
}

/** Arrow's decimal cell prints as its unscaled integer. */
function decimal(unscaled: string, scale: number): number {
  const negative = unscaled.startsWith('-');
  const digits = (negative ? unscaled.slice(1) : unscaled).padStart(scale + 1, '0');
  return Number(`${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

function previewValue(column: Column, value: unknown): PreviewValue {
  if (value === null || value === undefined) return null;
  const scale = /^DECIMAL\(\d+,(\d+)\)$/.exec(column.type)?.[1];
  if (scale !== undefined) return decimal(String(value), Number(scale));
  switch (column.type) {
    case 'BIGINT':
      return Number(value as bigint); // every id and count is below 2^53 (src/gen/context.ts)
    case 'TIMESTAMP':
      return isoMicros(value as number);
    case 'DATE':
      return new Date(value as number).toISOString().slice(0, 10);
    case 'ARRAY<STRING>':
      return [...(value as Iterable<string>)];
    case 'MAP<STRING,DOUBLE>':
      return (value as { toJSON(): Record<string, number> }).toJSON();
    default:
      return value as string | number | boolean;
  }
}
