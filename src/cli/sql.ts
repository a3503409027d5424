import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { formatTable, print } from './output.js';

export function sqlCommand(): Command {
  return new Command('sql')
    .description('run a SQL query against the embedded database and print the result')
    .argument('<query>', 'SQL, e.g. "SELECT income_bracket, count(*) FROM households GROUP BY 1"')
    .option('--db <file>', 'DuckDB database file', './out/idgraph.duckdb')
    .option('--json', 'print rows as JSON')
    .action(async (query: string, flags: { db: string; json?: boolean }) => {
      const path = resolve(flags.db);
      if (!existsSync(path))
        throw new UserError(
          `no database at ${path}`,
          'run `idgraph run` (or `idgraph load <drop>`) first, or pass --db',
        );
      const db = await openDuck(path);
      try {
        let rows: Record<string, unknown>[];
        try {
          rows = await db.all(query);
        } catch (err) {
          throw new UserError(`query failed: ${(err as Error).message.split('\n')[0]}`);
        }
        if (flags.json) {
          print(JSON.stringify(rows));
          return;
        }
        const headers = rows.length ? Object.keys(rows[0]) : [];
        print(
          formatTable(
            headers,
            rows.map((r) =>
              headers.map((h) =>
                r[h] === null ? 'NULL' : typeof r[h] === 'object' ? JSON.stringify(r[h]) : String(r[h]),
              ),
            ),
          ),
        );
        print(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
      } finally {
        db.close();
      }
    });
}
