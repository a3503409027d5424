import { Command } from 'commander';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { invalidateLedger, tablesTouched } from '../sql/duckdb-ledger.js';
import { formatTable, print } from './output.js';

export function sqlCommand(): Command {
  return new Command('sql')
    .description('run a SQL query against the embedded database and print the result')
    .argument('<query>', 'SQL, e.g. "SELECT income_bracket, count(*) FROM households GROUP BY 1"')
    .option('--db <file>', 'DuckDB database file', './out/idgraph.duckdb')
    .option('--json', 'print rows as JSON')
    .option(
      '--write',
      'allow statements that change the database; the load ledger then forgets the tables they touch, so `validate --db` flags them and a reload repairs them',
    )
    .action(async (query: string, flags: { db: string; json?: boolean; write?: boolean }) => {
      const path = resolve(flags.db);
      // Read-only unless asked: a DELETE or DROP through here would leave the ledger claiming rows that are gone.
      const db = await openDuck(path, { readOnly: !flags.write });
      try {
        let rows: Record<string, unknown>[];
        const touched = flags.write ? await tablesTouched(db, query) : [];
        try {
          rows = await db.all(query);
        } catch (err) {
          const msg = (err as Error).message.split('\n')[0];
          if (!flags.write && /read-only mode/i.test(msg))
            throw new UserError(
              `query failed: ${msg}`,
              'sql opens the database read-only; pass --write to change it (the ledger then forgets the touched tables: reload the drop afterwards)',
            );
          throw new UserError(`query failed: ${msg}`);
        } finally {
          // Even a failed multi-statement text may have changed something before it stopped.
          await invalidateLedger(db, touched);
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
