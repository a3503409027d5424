/**
 * What the fake answers to a statement. Tests plug their own responder in front; these defaults
 * cover what the loader sends, with result shapes taken from the Databricks SQL reference:
 * COPY INTO → one row (num_affected_rows, num_inserted_rows, num_skipped_corrupt_files);
 * OPTIMIZE → (path, metrics struct); SHOW GRANTS → (Principal, ActionType, ObjectType, ObjectKey).
 */
import type { ResultSet } from './results.js';

/** A statement the server ran and rejected. `sync` fails ExecuteStatement itself; else GetOperationStatus reports ERROR. */
export interface StatementError {
  error: string;
  sqlState?: string;
  sync?: boolean;
}

/** Answer at the HTTP level instead of running the statement. */
export interface HttpFault {
  status: number;
  retryAfterSeconds?: number;
}

/**
 * `'hold'`: the statement is accepted and stays RUNNING until the client cancels (or closes) it,
 * like a long COPY INTO; the fake records the cancel.
 */
export type Reply = ResultSet | StatementError | HttpFault | 'drop-connection' | 'hold';
/** Returns undefined to fall through to the next responder (and finally the defaults). */
export type Responder = (sql: string) => Reply | undefined;

export interface Grant {
  principal: string;
  actionType: string;
  objectType: string;
  objectKey: string;
}

export interface DefaultResponderOptions {
  /** Rows of SHOW GRANTS (any object). */
  grants?: Grant[];
  /** current_user() / session_user(). */
  currentUser?: string;
  /** Metrics of COPY INTO; zeros unless set. */
  copyInto?: (sql: string) => { affected: number; inserted: number; skippedCorruptFiles?: number };
}

const NO_RESULT: ResultSet = { columns: [], rows: [] };

export function isStatementError(reply: Reply): reply is StatementError {
  return typeof reply === 'object' && 'error' in reply;
}

export function isHttpFault(reply: Reply): reply is HttpFault {
  return typeof reply === 'object' && 'status' in reply;
}

export function defaultResponder(options: DefaultResponderOptions): (sql: string) => Reply {
  return (raw) => {
    const sql = raw.trim().replace(/;\s*$/, '');
    if (/^SET\s+TIME\s+ZONE\b/i.test(sql)) return NO_RESULT;
    const set = /^SET\s+([\w.]+)\s*=\s*(.*)$/is.exec(sql);
    if (set) return { columns: ['key', 'value'], rows: [[set[1], set[2].replace(/^'(.*)'$/, '$1')]] };
    if (/^COPY\s+INTO\b/i.test(sql)) {
      const m = options.copyInto?.(sql) ?? { affected: 0, inserted: 0 };
      return {
        columns: [
          { name: 'num_affected_rows', type: 'BIGINT' },
          { name: 'num_inserted_rows', type: 'BIGINT' },
          { name: 'num_skipped_corrupt_files', type: 'BIGINT' },
        ],
        rows: [[m.affected, m.inserted, m.skippedCorruptFiles ?? 0]],
      };
    }
    if (/^OPTIMIZE\b/i.test(sql)) {
      const table = /^OPTIMIZE\s+(\S+)/i.exec(sql)?.[1] ?? '';
      return {
        columns: [
          { name: 'path', type: 'STRING' },
          { name: 'metrics', type: 'STRUCT' },
        ],
        rows: [
          [
            `s3://fake-bucket/tables/${table}`,
            { numFilesAdded: 1, numFilesRemoved: 1, filesAdded: { min: 1, max: 1, totalFiles: 1 }, zOrderStats: null },
          ],
        ],
      };
    }
    if (/^SHOW\s+GRANTS\b/i.test(sql)) {
      return {
        columns: ['Principal', 'ActionType', 'ObjectType', 'ObjectKey'],
        rows: (options.grants ?? []).map((g) => [g.principal, g.actionType, g.objectType, g.objectKey]),
      };
    }
    if (/^SELECT\s+(current_user|session_user)\s*\(\s*\)\s*(AS\s+\w+)?$/i.test(sql)) {
      return { columns: ['current_user()'], rows: [[options.currentUser ?? 'fake-user@example.com']] };
    }
    if (/^(CREATE|ALTER|DROP|GRANT|REVOKE|USE|COMMENT|TRUNCATE|ANALYZE|VACUUM)\b/i.test(sql)) return NO_RESULT;
    // Anything else must be answered by the test: an unanswered SELECT failing loudly beats a test
    // that passes on an empty result.
    return { error: `[FAKE_NO_RESPONDER] fake-databricks has no answer for: ${sql}`, sqlState: '42000' };
  };
}
