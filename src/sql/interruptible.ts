import { CancelledError } from '../errors.js';
import type { Duck } from './duckdb-connection.js';

/**
 * A connection that Ctrl-C stops: the statement running is interrupted (DuckDB's own
 * interrupt), and once the signal fired nothing runs but ROLLBACK, so a load in its
 * transaction rolls back at once and a validation stops between rules.
 */
export function interruptible(db: Duck, signal: AbortSignal | undefined): Duck {
  if (!signal) return db;
  const onAbort = () => db.conn.interrupt();
  signal.addEventListener('abort', onAbort, { once: true });
  const check = (sql: string) => {
    if (signal.aborted && !/^\s*ROLLBACK\b/i.test(sql)) throw new CancelledError('interrupted');
  };
  return {
    conn: db.conn,
    async all(sql) {
      check(sql);
      return db.all(sql);
    },
    async run(sql) {
      check(sql);
      return db.run(sql);
    },
    close() {
      signal.removeEventListener('abort', onAbort);
      db.close();
    },
  };
}
