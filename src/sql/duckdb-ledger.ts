import { StatementType } from '@duckdb/node-api';
import { quoteIdent as q, quoteLiteral } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from './duckdb-connection.js';

/** Ledger of loaded files: the DuckDB counterpart of COPY INTO's load history. */
export const LEDGER = '_idgraph_loaded_files';
export const RUNS = '_idgraph_runs';
/**
 * (table, drop fingerprint) pairs whose ledger rows were dropped because `sql --write` may have
 * changed the table: the next load of that drop re-inserts the rows that are missing.
 */
export const INVALIDATED = '_idgraph_invalidated';

export const CREATE_LEDGER = [
  `CREATE TABLE IF NOT EXISTS ${LEDGER} (path VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_count BIGINT NOT NULL, fingerprint VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${RUNS} (fingerprint VARCHAR PRIMARY KEY, config JSON NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${INVALIDATED} (table_name VARCHAR NOT NULL, fingerprint VARCHAR NOT NULL, PRIMARY KEY (table_name, fingerprint))`,
];

export async function existingTables(db: Duck): Promise<Set<string>> {
  return new Set(
    (await db.all("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) =>
      String(r.table_name),
    ),
  );
}

/** Statements that cannot change a table. */
const READS = new Set<number>([
  StatementType.SELECT,
  StatementType.EXPLAIN,
  StatementType.SET,
  StatementType.VARIABLE_SET,
]);
/** Writes that must name the table they change (so a statement naming no registry table leaves them alone). */
const NAMED_WRITES = new Set<number>([
  StatementType.CREATE,
  StatementType.INSERT,
  StatementType.UPDATE,
  StatementType.DELETE,
  StatementType.COPY,
  StatementType.CREATE_FUNC,
  StatementType.PREPARE,
  StatementType.TRANSACTION,
  StatementType.DROP,
  StatementType.ALTER,
]);
/** …except a DROP or ALTER of a whole schema or database, or one that cascades. */
const WIDE = /\b(schema|database|cascade)\b/i;

/**
 * The registry tables a statement text may change. DuckDB tells each statement's type (but
 * names tables only for SELECTs), so: reads touch nothing; writes touch the registry tables
 * whose names appear in the text; a write naming none touches nothing if it is a kind that must
 * name its target (DROP TABLE notes), else (DROP SCHEMA … CASCADE, EXECUTE, ATTACH…) all; and a text DuckDB cannot
 * prepare up front (a later statement depending on an earlier one) counts as touching all.
 */
export async function tablesTouched(db: Duck, sql: string): Promise<string[]> {
  const all = TABLES.map((t) => t.name);
  const types: number[] = [];
  try {
    const extracted = await db.conn.extractStatements(sql);
    for (let i = 0; i < extracted.count; i++) types.push((await extracted.prepare(i)).statementType);
  } catch {
    return all;
  }
  if (types.every((t) => READS.has(t))) return [];
  const named = all.filter((name) => new RegExp(`\\b${name}\\b`, 'i').test(sql));
  if (named.length) return named;
  return !WIDE.test(sql) && types.every((t) => READS.has(t) || NAMED_WRITES.has(t)) ? [] : all;
}

/**
 * Forgets which files of `tables` were loaded, remembering the drops they came from, so the
 * ledger no longer claims rows that a statement may have deleted or changed, and the next load
 * of each drop repairs them (loader: rows missing by primary key are inserted again).
 */
export async function invalidateLedger(db: Duck, tables: readonly string[]): Promise<void> {
  if (tables.length === 0 || !(await existingTables(db)).has(LEDGER)) return;
  const list = tables.map(quoteLiteral).join(', ');
  await db.run('BEGIN TRANSACTION');
  try {
    await db.run(CREATE_LEDGER[2]);
    await db.run(
      `INSERT INTO ${INVALIDATED} SELECT DISTINCT table_name, fingerprint FROM ${LEDGER} WHERE table_name IN (${list}) ON CONFLICT DO NOTHING`,
    );
    await db.run(`DELETE FROM ${LEDGER} WHERE table_name IN (${list})`);
    await db.run('COMMIT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** Per registry table: rows in the table (undefined when it is missing), rows the ledger records, invalidated drops. */
export async function ledgerStatus(
  db: Duck,
): Promise<{ table: string; rows?: number; ledgerRows: number; invalidated: number }[]> {
  const existing = await existingTables(db);
  const sums = new Map<string, number>();
  if (existing.has(LEDGER))
    for (const r of await db.all(`SELECT table_name, sum(row_count) AS n FROM ${LEDGER} GROUP BY 1`))
      sums.set(String(r.table_name), Number(r.n));
  const invalid = new Map<string, number>();
  if (existing.has(INVALIDATED))
    for (const r of await db.all(`SELECT table_name, count(*) AS n FROM ${INVALIDATED} GROUP BY 1`))
      invalid.set(String(r.table_name), Number(r.n));
  const out = [];
  for (const t of TABLES) {
    const rows = existing.has(t.name)
      ? Number((await db.all(`SELECT count(*) AS n FROM ${q(t.name)}`))[0].n)
      : undefined;
    out.push({ table: t.name, rows, ledgerRows: sums.get(t.name) ?? 0, invalidated: invalid.get(t.name) ?? 0 });
  }
  return out;
}
