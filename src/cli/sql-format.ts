import { stringify } from 'csv-stringify/sync';
import { jsonValue, textValue } from '../sql/json-values.js';
import type { StatementResult } from '../sql/run-statements.js';
import { UserError } from '../errors.js';
import { formatTable } from './output.js';

export const SQL_FORMATS = ['table', 'csv', 'json', 'jsonl'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

/** Like the DuckDB CLI's .maxrows: a terminal table of a million rows helps nobody. */
export const DEFAULT_MAX_ROWS = 40;

export function parseFormat(format: string | undefined, json: boolean | undefined): SqlFormat {
  if (json && format !== undefined && format !== 'json')
    throw new UserError(`--json and --format ${format} contradict each other`, 'pass one of them');
  const f = format ?? (json ? 'json' : 'table');
  if (!(SQL_FORMATS as readonly string[]).includes(f))
    throw new UserError(
      `--format must be one of ${SQL_FORMATS.join(', ')} (got '${f}')`,
      'table for people, csv, json or jsonl for programs',
    );
  return f as SqlFormat;
}

export function parseMaxRows(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_ROWS;
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new UserError(
      `--max-rows must be a whole number ≥ 0 (got '${text}')`,
      `omit it for the first ${DEFAULT_MAX_ROWS} rows, pass 0 for all rows, or use --format csv/json/jsonl`,
    );
  return n;
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The first `maxRows` rows as a table (all of them for 0), then the row count and what was cut. */
function table(result: StatementResult, maxRows: number): string {
  const { columns, rows } = result;
  const shown = maxRows === 0 ? rows.length : Math.min(maxRows, rows.length);
  const cells: string[][] = [];
  for (let i = 0; i < shown; i++) cells.push(rows[i].map((v) => textValue(v) ?? 'NULL'));
  const count = plural(rows.length, 'row');
  const note =
    shown < rows.length
      ? `(${count}, ${shown.toLocaleString('en-US')} shown: ${(rows.length - shown).toLocaleString('en-US')} cut; --max-rows N to show more, 0 for all, or --format csv/json/jsonl)`
      : `(${count})`;
  return `${formatTable(columns, cells)}\n${note}`;
}

const rowObject = (columns: string[], row: StatementResult['rows'][number]) =>
  Object.fromEntries(columns.map((c, i) => [c, jsonValue(row[i])]));

/**
 * Every statement's result in the chosen format. table and jsonl show them all, one after the
 * other; csv and json hold one result (a header, an array), so their callers allow one statement.
 * Statements with no result columns (SET, CREATE) print nothing.
 */
export function formatResults(results: StatementResult[], format: SqlFormat, maxRows: number): string[] {
  const out: string[] = [];
  for (const r of results) {
    if (r.columns.length === 0) continue;
    if (format === 'table') out.push(table(r, maxRows));
    else if (format === 'jsonl') for (const row of r.rows) out.push(JSON.stringify(rowObject(r.columns, row)));
    else if (format === 'json') out.push(JSON.stringify(r.rows.map((row) => rowObject(r.columns, row))));
    // RFC 4180 quoting by csv-stringify; NULL is an empty field, as DuckDB's COPY … (FORMAT csv) writes it.
    else out.push(stringify([r.columns, ...r.rows.map((row) => row.map(textValue))], { record_delimiter: 'unix' }));
  }
  return out;
}
