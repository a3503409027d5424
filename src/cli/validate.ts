import { Command } from 'commander';
import { resolve } from 'node:path';
import { readDrop } from '../drop/read-drop.js';
import { UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { loadedConfig } from '../sql/duckdb-loader.js';
import { validateDrop, validateTables, type ValidationReport } from '../validate/validate.js';
import { printReport } from './report.js';

export async function runValidate(drop: string | undefined, dbPath: string | undefined): Promise<ValidationReport> {
  if (dbPath) {
    const db = await openDuck(resolve(dbPath));
    try { return await validateTables(db, await loadedConfig(db)); } finally { db.close(); }
  }
  if (!drop) throw new UserError('nothing to validate', 'pass a drop folder (idgraph validate ./out) or --db <file>');
  const d = readDrop(resolve(drop));
  const db = await openDuck();
  try { return await validateDrop(db, d); } finally { db.close(); }
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('check a Parquet drop (or a loaded database) against every rule of the data model; exit 1 if any fails')
    .argument('[drop]', 'drop folder written by `idgraph generate`')
    .option('--db <file>', 'validate the tables loaded into this DuckDB file instead')
    .option('--engine <engine>', 'duckdb (databricks: not yet available)', 'duckdb')
    .option('--json', 'machine-readable report')
    .action(async (drop: string | undefined, flags: { db?: string; engine: string; json?: boolean }) => {
      if (flags.engine !== 'duckdb') throw new UserError(`--engine ${flags.engine} is not available yet`, 'use --engine duckdb');
      const report = await runValidate(drop, flags.db);
      printReport(report, flags.json ?? false);
      if (!report.ok) process.exitCode = 1;
    });
}
