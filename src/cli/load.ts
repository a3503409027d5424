import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { readDrop } from '../drop/read-drop.js';
import { UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { loadDropIntoDuckDb, type LoadResult } from '../sql/duckdb-loader.js';
import { TABLES } from '../schema/registry.js';
import { formatTable, print } from './output.js';

export const defaultDbPath = (drop: string): string => join(drop, 'idgraph.duckdb');

export async function runLoad(drop: string, dbPath: string | undefined): Promise<LoadResult & { db: string }> {
  const d = readDrop(resolve(drop));
  const db = resolve(dbPath ?? defaultDbPath(drop));
  const duck = await openDuck(db);
  try {
    return { ...(await loadDropIntoDuckDb(duck, d)), db };
  } finally {
    duck.close();
  }
}

export function printLoad(result: LoadResult & { db: string }): void {
  print(formatTable(['table', 'rows inserted'], TABLES.map((t) => [t.name, (result.inserted[t.name] ?? 0).toLocaleString('en-US')])));
  print(`${result.loadedFiles} files loaded, ${result.skippedFiles} already loaded (skipped) → ${result.db}`);
}

export function loadCommand(): Command {
  return new Command('load')
    .description('load a drop into the embedded DuckDB database (a rerun adds nothing)')
    .argument('<drop>', 'drop folder written by `idgraph generate`')
    .option('--engine <engine>', 'duckdb (databricks: not yet available)', 'duckdb')
    .option('--db <file>', 'DuckDB database file (default <drop>/idgraph.duckdb)')
    .option('--json', 'print the result as JSON')
    .action(async (drop: string, flags: { engine: string; db?: string; json?: boolean }) => {
      if (flags.engine !== 'duckdb') throw new UserError(`--engine ${flags.engine} is not available yet`, 'use --engine duckdb');
      const result = await runLoad(drop, flags.db);
      if (flags.json) print(JSON.stringify(result)); else printLoad(result);
    });
}
