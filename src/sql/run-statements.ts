import type { DuckDBValue } from '@duckdb/node-api';
import type { Duck } from './duckdb-connection.js';

export interface StatementResult {
  /** The statement's position in the text, 1-based (messages name it). */
  index: number;
  columns: string[];
  rows: DuckDBValue[][];
}

/** How many statements a SQL text holds (DuckDB's own parser: semicolons in strings do not count). */
export async function countStatements(db: Duck, sql: string): Promise<number> {
  return (await db.conn.extractStatements(sql)).count;
}

/**
 * Runs every statement of a SQL text in order and keeps each one's result, as the DuckDB CLI
 * prints each. A failing statement stops the rest; the error carries `failedAt` (which one) and
 * `results` (those that ran before it).
 */
export async function runStatements(db: Duck, sql: string): Promise<StatementResult[]> {
  const extracted = await db.conn.extractStatements(sql);
  const results: StatementResult[] = [];
  for (let i = 0; i < extracted.count; i++) {
    try {
      const reader = await (await extracted.prepare(i)).runAndReadAll();
      results.push({ index: i + 1, columns: reader.columnNames(), rows: reader.getRows() });
    } catch (err) {
      throw Object.assign(err as Error, { failedAt: i + 1, of: extracted.count, results });
    }
  }
  return results;
}
