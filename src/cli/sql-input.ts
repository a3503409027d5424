import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/**
 * The SQL text: the argument, a file (`-f FILE`, `-f -` for stdin) or piped stdin, as
 * `duckdb db < file.sql` and `psql -f` take it. Exactly one source.
 */
export function sqlText(query: string | undefined, file: string | undefined): string {
  if (query !== undefined && file !== undefined)
    throw new UserError('both a query and -f were given', 'pass the SQL as the argument or in the file, not both');
  let text: string;
  if (query !== undefined) text = query;
  else if (file !== undefined && file !== '-') {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new UserError(
        `cannot read SQL file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        'check the -f path',
        { cause: err },
      );
    }
  } else if (file === '-' || !process.stdin.isTTY) text = readFileSync(0, 'utf8');
  else
    throw new UserError(
      'no SQL given',
      'idgraph sql "SELECT …", idgraph sql -f queries.sql, or pipe it: idgraph sql < queries.sql',
    );
  if (text.trim() === '')
    throw new UserError(
      `the SQL ${query !== undefined ? 'argument' : file && file !== '-' ? `file ${file}` : 'on stdin'} is empty`,
      'pass at least one statement',
    );
  return text;
}
