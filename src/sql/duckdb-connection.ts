import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../errors.js';
import { existsSync, rmSync } from 'node:fs';
import { checkDatabasePath, isLockError } from './duckdb-file.js';
import { defaultDuckMemoryMb } from './duckdb-memory.js';

export interface Duck {
  conn: DuckDBConnection;
  all(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

export interface OpenDuckOptions {
  /** Open read-only: the file must exist, nothing can be written, other readers may share it. */
  readOnly?: boolean;
  /** DuckDB memory_limit in MB (default: defaultDuckMemoryMb()); past it DuckDB spills to `<db>.tmp`. */
  memoryMb?: number;
}

/**
 * Opens (or, unless read-only, creates) a DuckDB database. A path holding something other than
 * a DuckDB database, a missing file on a read-only open and a file locked by another process are
 * user errors.
 */
export async function openDuck(path = ':memory:', options: OpenDuckOptions = {}): Promise<Duck> {
  if (path !== ':memory:') await checkDatabasePath(path, options.readOnly ?? false);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, options.readOnly ? { access_mode: 'READ_ONLY' } : undefined);
  } catch (err) {
    const msg = (err as Error).message;
    if (isLockError(err))
      throw new UserError(
        `database ${path} is locked by another process`,
        'close the other idgraph or DuckDB session using it, or pass another --db',
        { cause: err },
      );
    throw new UserError(
      `cannot open database ${path}: ${msg.split('\n')[0]}`,
      'check the --db path and its permissions',
      { cause: err },
    );
  }
  const conn = await instance.connect();
  // Dates and hours are UTC everywhere, as on the warehouse (session time zone UTC).
  await conn.run("SET TimeZone = 'UTC'");
  // Bounded memory whatever the machine: big loads and validations spill instead of growing.
  await conn.run(`SET memory_limit = '${options.memoryMb ?? defaultDuckMemoryMb()}MB'`);
  // Spill files go next to the database (inside the output folder), and the folder goes at close.
  const spill = path === ':memory:' ? undefined : `${path}.tmp`;
  const removeSpill = spill !== undefined && !existsSync(spill);
  if (spill) await conn.run(`SET temp_directory = '${spill.replaceAll("'", "''")}'`);
  return {
    conn,
    async all(sql) {
      return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
    },
    async run(sql) {
      await conn.run(sql);
    },
    close() {
      conn.closeSync();
      instance.closeSync();
      if (removeSpill) rmSync(spill, { recursive: true, force: true });
    },
  };
}
