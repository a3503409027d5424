import { Command } from 'commander';
import { resolve } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import { openDuck } from '../sql/duckdb-connection.js';
import { invalidateLedger, tablesTouched } from '../sql/duckdb-ledger.js';
import { countStatements, runStatements, type StatementResult } from '../sql/run-statements.js';
import { print } from './output.js';
import {
  DEFAULT_MAX_ROWS,
  formatResults,
  parseFormat,
  parseMaxRows,
  SQL_FORMATS,
  type SqlFormat,
} from './sql-format.js';
import { sqlText } from './sql-input.js';

export { DEFAULT_MAX_ROWS } from './sql-format.js';

interface SqlFlags {
  db: string;
  file?: string;
  format?: string;
  json?: boolean;
  write?: boolean;
  maxRows?: string;
}

export function sqlCommand(signal?: AbortSignal): Command {
  return new Command('sql')
    .description(
      'run SQL against the embedded database and print every statement’s result (from the argument, -f FILE or stdin)',
    )
    .argument(
      '[query]',
      'SQL, e.g. "SELECT income_bracket, count(*) FROM households GROUP BY 1"; several statements run in order',
    )
    .option(
      '-f, --file <file>',
      'read the SQL from this file (- for stdin); without a query or -f, piped stdin is read',
    )
    .option('--db <file>', 'DuckDB database file', './out/idgraph.duckdb')
    .option(
      '--format <format>',
      `${SQL_FORMATS.join(' | ')}: table for people; csv, json (one array) and jsonl (one object a line) for programs (default: table)`,
    )
    .option('--json', 'same as --format json')
    .option(
      '--write',
      'allow statements that change the database; the load ledger then forgets the tables they touch, so `validate --db` flags them and a reload repairs them',
    )
    .option(
      '--max-rows <n>',
      `table format: print at most this many rows and say how many were cut, 0 for all (default: ${DEFAULT_MAX_ROWS}; csv, json and jsonl are never cut)`,
    )
    .action(async (query: string | undefined, flags: SqlFlags) => {
      const format = parseFormat(flags.format, flags.json);
      const maxRows = parseMaxRows(flags.maxRows);
      const text = sqlText(query, flags.file);
      const path = resolve(flags.db);
      // Read-only unless asked: a DELETE or DROP through here would leave the ledger claiming rows that are gone.
      const db = await openDuck(path, { readOnly: !flags.write });
      try {
        const statements = await countStatements(db, text).catch((err: Error) => {
          throw new UserError(`query failed: ${err.message.split('\n')[0]}`);
        });
        // One CSV header, one JSON array: refused before anything runs, so nothing is half-done.
        if (statements > 1 && (format === 'csv' || format === 'json'))
          throw new UserError(
            `--format ${format} holds the result of one statement; the SQL has ${statements}`,
            'run them one at a time, or use --format table or jsonl to print every result',
          );
        const touched = flags.write ? await tablesTouched(db, text) : [];
        // Ctrl-C interrupts the query inside DuckDB (which rolls the statement back) within moments.
        const interrupt = () => db.conn.interrupt();
        signal?.addEventListener('abort', interrupt, { once: true });
        let results: StatementResult[];
        try {
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
          results = await runStatements(db, text);
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
        } catch (err) {
          if (err instanceof CancelledError) throw err;
          if (signal?.aborted) throw new CancelledError(interruptedMessage(flags.write));
          const e = err as Error & { failedAt?: number; of?: number; results?: StatementResult[] };
          // What ran before the failing statement is printed, as the DuckDB CLI does.
          if (e.results?.length) printResults(e.results, format, maxRows);
          const msg = e.message.split('\n')[0];
          const which = e.of && e.of > 1 ? `statement ${e.failedAt} of ${e.of} failed` : 'query failed';
          const ran = (e.failedAt ?? 1) - 1;
          const earlier = ran > 0 ? ` (${ran === 1 ? 'statement 1' : `statements 1–${ran}`} ran)` : '';
          if (!flags.write && /read-only mode/i.test(msg))
            throw new UserError(
              `${which}: ${msg}${earlier}`,
              'sql opens the database read-only; pass --write to change it (the ledger then forgets the touched tables: reload the drop afterwards)',
            );
          throw new UserError(`${which}: ${msg}${earlier}`);
        } finally {
          signal?.removeEventListener('abort', interrupt);
          // Even a failed (or interrupted) multi-statement text may have changed something before it stopped.
          await invalidateLedger(db, touched);
        }
        printResults(results, format, maxRows);
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

/** Tables are separated by a blank line; csv already ends in a newline; nothing at all prints nothing. */
function printResults(results: StatementResult[], format: SqlFormat, maxRows: number): void {
  const blocks = formatResults(results, format, maxRows);
  if (blocks.length === 0) return;
  if (format === 'table') print(blocks.join('\n\n'));
  else if (format === 'csv') process.stdout.write(blocks.join(''));
  else print(blocks.join('\n'));
}
