import { DuckDBInstance } from '@duckdb/node-api';

/** A throwaway in-memory DuckDB for reading drops back from the written files. */
export async function duck() {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  return {
    async rows(sql: string): Promise<Record<string, unknown>[]> {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async value(sql: string): Promise<number> {
      const r = (await conn.runAndReadAll(sql)).getRows();
      return Number(r[0][0]);
    },
    close() {
      conn.closeSync();
      db.closeSync();
    },
  };
}

/** hive_partitioning off by default: the partition column is read from the row, not the path. */
export const tableGlob = (drop: string, table: string): string => `read_parquet('${drop}/${table}/**/*.parquet')`;
