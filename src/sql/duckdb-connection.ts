import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UserError } from '../errors.js';

export interface Duck {
  conn: DuckDBConnection;
  all(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
  close(): void;
}

/** Opens (or creates) a DuckDB database; a file locked by another process is a user error. */
export async function openDuck(path = ':memory:'): Promise<Duck> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (err) {
    const msg = (err as Error).message;
    if (/lock/i.test(msg))
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
    },
  };
}
