import type { RunConfig } from '../config/schema.js';
import type { Drop } from '../drop/read-drop.js';
import { UserError } from '../errors.js';
import { duckdbCreateTable } from '../schema/derive/ddl-duckdb.js';
import { duckdbType, quoteIdent as q, quoteLiteral } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from './duckdb-connection.js';

/** Ledger of loaded files: the DuckDB counterpart of COPY INTO's load history. */
const LEDGER = '_idgraph_loaded_files';
const RUNS = '_idgraph_runs';

export interface LoadResult {
  inserted: Record<string, number>;
  skippedFiles: number;
  loadedFiles: number;
}

async function existingTables(db: Duck): Promise<Set<string>> {
  return new Set(
    (await db.all("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")).map((r) =>
      String(r.table_name),
    ),
  );
}

/** An existing table must have exactly the registry's columns and types; it is reported, never dropped. */
async function checkCompatible(db: Duck, existing: Set<string>): Promise<void> {
  for (const t of TABLES.filter((t) => existing.has(t.name))) {
    const cols = await db.all(`DESCRIBE ${q(t.name)}`);
    const got = cols.map((c) => `${c.column_name} ${c.column_type}`).join(', ');
    const want = t.columns.map((c) => `${c.name} ${duckdbType(c.type)}`).join(', ');
    if (got !== want)
      throw new UserError(
        `table ${t.name} in the database has an incompatible schema (${got})`,
        'load into another --db, or drop that table yourself if it is disposable',
      );
  }
}

/**
 * Loads a drop in one transaction: tables created from the registry DDL if absent, then for
 * each table (parents first) only the files not yet in the ledger, rows stored in the data
 * model's Z-order. A failure rolls everything back, so the database is never half-loaded.
 */
export async function loadDropIntoDuckDb(
  db: Duck,
  drop: Drop,
  onTable?: (table: string, rows: number) => void,
): Promise<LoadResult> {
  const existing = await existingTables(db);
  await checkCompatible(db, existing);
  const result: LoadResult = { inserted: {}, skippedFiles: 0, loadedFiles: 0 };
  await db.run('BEGIN TRANSACTION');
  try {
    for (const t of TABLES) if (!existing.has(t.name)) await db.run(duckdbCreateTable(t));
    await db.run(
      `CREATE TABLE IF NOT EXISTS ${LEDGER} (path VARCHAR PRIMARY KEY, sha256 VARCHAR NOT NULL, table_name VARCHAR NOT NULL, row_count BIGINT NOT NULL, fingerprint VARCHAR NOT NULL)`,
    );
    await db.run(`CREATE TABLE IF NOT EXISTS ${RUNS} (fingerprint VARCHAR PRIMARY KEY, config JSON NOT NULL)`);
    await db.run(
      `INSERT INTO ${RUNS} VALUES (${quoteLiteral(drop.fingerprint)}, ${quoteLiteral(JSON.stringify(drop.config))}) ON CONFLICT DO NOTHING`,
    );
    const loaded = new Set((await db.all(`SELECT path FROM ${LEDGER}`)).map((r) => String(r.path)));
    for (const t of TABLES) {
      const files = drop.files.filter((f) => f.table === t.name && !loaded.has(`${drop.fingerprint}/${f.path}`));
      result.skippedFiles += drop.files.filter((f) => f.table === t.name).length - files.length;
      let inserted = 0;
      if (files.length) {
        const cols = t.columns.map((c) => q(c.name)).join(', ');
        const paths = files.map((f) => quoteLiteral(`${drop.root}/${f.path}`)).join(', ');
        const rows = await db.all(
          `INSERT INTO ${q(t.name)} (${cols}) SELECT ${cols} FROM read_parquet([${paths}], hive_partitioning = false) ORDER BY ${t.zorder.map(q).join(', ')}`,
        );
        inserted = Number(rows[0]?.Count ?? 0);
        const values = files.map(
          (f) =>
            `(${quoteLiteral(`${drop.fingerprint}/${f.path}`)}, ${quoteLiteral(f.sha256)}, ${quoteLiteral(t.name)}, ${f.rows}, ${quoteLiteral(drop.fingerprint)})`,
        );
        await db.run(`INSERT INTO ${LEDGER} VALUES ${values.join(', ')}`);
        result.loadedFiles += files.length;
      }
      result.inserted[t.name] = inserted;
      onTable?.(t.name, inserted);
    }
    await db.run('COMMIT');
    await db.run('CHECKPOINT');
  } catch (err) {
    await db.run('ROLLBACK').catch(() => {});
    if (err instanceof UserError) throw err;
    const msg = (err as Error).message.split('\n')[0];
    if (/No space left|disk is full|ENOSPC/i.test(msg))
      throw new UserError(`disk full while loading: ${msg}`, 'free disk space and rerun; nothing was loaded', {
        cause: err,
      });
    throw new UserError(
      `load failed and was rolled back: ${msg}`,
      'fix the cause above and rerun; the database is unchanged',
      { cause: err },
    );
  }
  return result;
}

/** The config of the run(s) loaded into a database, for validation. */
export async function loadedConfig(db: Duck): Promise<RunConfig> {
  const tables = await existingTables(db);
  if (!tables.has(RUNS))
    throw new UserError('this database holds no idgraph load', 'run `idgraph load <drop> --db <path>` first');
  const rows = await db.all(`SELECT config FROM ${RUNS} ORDER BY fingerprint`);
  return JSON.parse(String(rows[0].config)) as RunConfig;
}
