import { DuckDBInstance } from '@duckdb/node-api';
import { open, stat } from 'node:fs/promises';
import { UserError } from '../errors.js';

/**
 * DuckDB's storage header: a uint64 checksum, then the magic bytes "DUCK" at offset 8 (DuckDB's
 * storage docs; `MainHeader::MAGIC_BYTE_OFFSET` in its src/storage/magic_bytes.cpp, which is how
 * DuckDB itself tells its files from Parquet or SQLite). Checked against a file this DuckDB
 * version writes in test/database-path.test.ts.
 */
const MAGIC = Buffer.from('DUCK', 'ascii');
const MAGIC_OFFSET = 8;

/** Whether the file at `path` starts with DuckDB's header (false for a missing or short file). */
export async function isDuckDbFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const buf = Buffer.alloc(MAGIC.length);
    const { bytesRead } = await handle.read(buf, 0, MAGIC.length, MAGIC_OFFSET);
    return bytesRead === MAGIC.length && buf.equals(MAGIC);
  } finally {
    await handle.close();
  }
}

/**
 * Refuses a --db path that is not a database before DuckDB sees it: DuckDB would happily open a
 * .json, .csv or .parquet file as a view and "save" nothing. A missing path is fine when the
 * caller may create it (`load`), and an error on read paths (`validate`, `sql`), which create nothing.
 */
export async function checkDatabasePath(path: string, mustExist: boolean): Promise<void> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw new UserError(`cannot use database ${path} (${err.code})`, 'check the --db path and its permissions', {
      cause: err,
    });
  });
  if (!info) {
    if (mustExist)
      throw new UserError(
        `no database at ${path}`,
        'run `idgraph run` (or `idgraph load <drop> --db <file>`) first, or pass the right --db',
      );
    return;
  }
  if (!info.isFile()) throw new UserError(`database path ${path} is not a file`, 'pass a DuckDB database file to --db');
  if (!(await isDuckDbFile(path)))
    throw new UserError(
      `${path} is not a DuckDB database (no DuckDB header)`,
      'pass a new file name or an existing DuckDB database to --db; idgraph never writes into other files',
    );
}

/** DuckDB's message when another process holds the file ("Could not set lock on file …"). */
export const isLockError = (err: unknown): boolean => /lock/i.test((err as Error)?.message ?? '');

/**
 * Refuses to delete a database another process has open: DuckDB holds a file lock while a
 * database is open, so opening it ourselves (and closing at once) fails exactly then.
 */
export async function assertDatabaseNotInUse(path: string): Promise<void> {
  if (!(await isDuckDbFile(path))) return;
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (err) {
    if (isLockError(err))
      throw new UserError(
        `database ${path} is open in another process (${(err as Error).message.split('\n')[0]})`,
        'close that idgraph, DuckDB or sql session first; nothing was deleted',
        { cause: err },
      );
    throw err;
  }
  instance.closeSync();
}
