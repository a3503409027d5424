import { Command } from 'commander';
import { resolve } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { invalidateLedger, tablesTouched } from '../sql/duckdb-ledger.js';
import { formatTable, print } from './output.js';

export function sqlCommand(signal?: AbortSignal): Command {
  return new Command('sql')
    .description('run a SQL query against the embedded database and print the result')
    .argument('<query>', 'SQL, e.g. "SELECT income_bracket, count(*) FROM households GROUP BY 1"')
    .option('--db <file>', 'DuckDB database file', './out/idgraph.duckdb')
    .option('--json', 'print rows as JSON')
    .option(
      '--write',
      'allow statements that change the database; the load ledger then forgets the tables they touch, so `validate --db` flags them and a reload repairs them',
    )
    .option(
      '--max-rows <n>',
      `table output: print at most this many rows and say how many were cut, 0 for all (default ${DEFAULT_MAX_ROWS}; JSON is never cut)`,
    )
    .action(async (query: string, flags: { db: string; json?: boolean; write?: boolean; maxRows?: string }) => {
      const maxRows = parseMaxRows(flags.maxRows);
      const path = resolve(flags.db);
      // Read-only unless asked: a DELETE or DROP through here would leave the ledger claiming rows that are gone.
      const db = await openDuck(path, { readOnly: !flags.write });
      try {
        let rows: Record<string, unknown>[];
        const touched = flags.write ? await tablesTouched(db, query) : [];
        // Ctrl-C interrupts the query inside DuckDB (which rolls the statement back) within moments.
        const interrupt = () => db.conn.interrupt();
        signal?.addEventListener('abort', interrupt, { once: true });
        try {
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
          rows = await db.all(query);
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
        } catch (err) {
          if (err instanceof CancelledError) throw err;
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
          const msg = (err as Error).message.split('\n')[0];
          if (!flags.write && /read-only mode/i.test(msg))
            throw new UserError(
              `query failed: ${msg}`,
              'sql opens the database read-only; pass --write to change it (the ledger then forgets the touched tables: reload the drop afterwards)',
            );
          throw new UserError(`query failed: ${msg}`);
        } finally {
          signal?.removeEventListener('abort', interrupt);
          // Even a failed (or interrupted) multi-statement text may have changed something before it stopped.
          await invalidateLedger(db, touched);
        }
        if (flags.json) {
          print(JSON.stringify(rows));
          return;
        }
        printRows(rows, maxRows);
      } finally {
        db.close();
      }
    });
}

function interruptedMessage(write: boolean | undefined): string {
  return write
    ? 'interrupted: the statement running was stopped and rolled back (statements before it in the text stay applied); the ledger forgets the tables the text names, so a reload repairs them'
    : 'interrupted: the query was stopped; nothing was changed';
}

/** Like the DuckDB CLI's .maxrows: a terminal table of a million rows helps nobody. */
export const DEFAULT_MAX_ROWS = 40;

function parseMaxRows(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_ROWS;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UserError(
      `--max-rows must be a whole number ≥ 0 (got '${text}')`,
      `omit it for the first ${DEFAULT_MAX_ROWS} rows, pass 0 for all rows, or use --json`,
    );
  return n;
}

/** The first `maxRows` rows as a table (all of them for 0), then the row count and what was cut. */
function printRows(rows: Record<string, unknown>[], maxRows: number): void {
  const headers = rows.length ? Object.keys(rows[0]) : [];
  const shown = maxRows === 0 ? rows.length : Math.min(maxRows, rows.length);
  const cells: string[][] = [];
  for (let i = 0; i < shown; i++) {
    const r = rows[i];
    cells.push(
      headers.map((h) => (r[h] === null ? 'NULL' : typeof r[h] === 'object' ? JSON.stringify(r[h]) : String(r[h]))),
    );
  }
  print(formatTable(headers, cells));
  const count = `${rows.length.toLocaleString('en-US')} row${rows.length === 1 ? '' : 's'}`;
  if (shown < rows.length)
    print(
      `(${count}, ${shown.toLocaleString('en-US')} shown: ${(rows.length - shown).toLocaleString('en-US')} cut; --max-rows N to show more, 0 for all, or --json)`,
    );
  else print(`(${count})`);
}
