/**
 * Delta table history and time travel, as Databricks documents them:
 * - "Each operation that modifies a Delta Lake table creates a new table version"; DESCRIBE
 *   HISTORY returns them "in reverse chronological order" (https://docs.databricks.com/en/delta/history.html);
 * - its columns (version, timestamp, userId, userName, operation, operationParameters, job,
 *   notebook, clusterId, readVersion, isolationLevel, isBlindAppend, operationMetrics,
 *   userMetadata, engineInfo) and the operation names (CREATE TABLE, ADD CONSTRAINT, ADD COLUMNS,
 *   COPY INTO, MERGE, WRITE) (https://docs.databricks.com/aws/en/tables/history-schema);
 * - `SELECT … FROM t VERSION AS OF n` reads the table as version n left it
 *   (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-qry-select-table-reference.html);
 *   a version that does not exist fails;
 * - `SELECT … FROM t TIMESTAMP AS OF <timestamp_expression>` reads the table as the latest version
 *   committed at or before that instant (Delta's `getSnapshotForTimestampAsOf`: "the latest
 *   Snapshot that was generated at or before timestamp",
 *   https://docs.delta.io/latest/api/java/standalone/io/delta/standalone/DeltaLog.html), the
 *   instant being DESCRIBE HISTORY's `timestamp` of each version. The expression is a string that
 *   casts to a timestamp, or a date string (midnight), read in the session time zone (UTC here)
 *   (https://docs.databricks.com/en/delta/history.html, "Delta Lake time travel syntax"). An
 *   instant before the first commit fails with DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION, one
 *   after the latest commit with DELTA_TIMESTAMP_GREATER_THAN_COMMIT (Delta's error classes).
 * Each commit keeps a copy of the table (DuckDB schema `__history`): test drops are small. An
 * OPTIMIZE that rewrites nothing commits nothing, and the emulated one never rewrites. Commit
 * timestamps are a logical clock (one second per commit from 2026-01-01), not the wall clock.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResultSet } from '../results.js';
import { literalValue, nameParts } from './spark-sql.js';

export interface Commit {
  version: number;
  timestamp: string;
  operation: string;
  operationParameters: Record<string, string>;
  operationMetrics: Record<string, string>;
  snapshot: string;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const EPOCH = Date.UTC(2026, 0, 1);

export class History {
  private readonly commits = new Map<string, Commit[]>();
  private clock = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly user: string,
  ) {}

  async init(): Promise<void> {
    await this.conn.run('CREATE SCHEMA IF NOT EXISTS __history');
  }

  /** Records a new version of `schema.table`, with a copy of its rows as they are now. */
  async commit(
    schema: string,
    table: string,
    operation: string,
    operationParameters: Record<string, string> = {},
    operationMetrics: Record<string, string> = {},
  ): Promise<void> {
    const key = `${schema}.${table}`;
    const list = this.commits.get(key) ?? [];
    const version = list.length;
    const snapshot = `${schema}__${table}__v${version}`;
    await this.conn.run(`CREATE TABLE __history.${q(snapshot)} AS SELECT * FROM ${q(schema)}.${q(table)}`);
    const timestamp = new Date(EPOCH + 1000 * this.clock++).toISOString();
    list.push({ version, timestamp, operation, operationParameters, operationMetrics, snapshot });
    this.commits.set(key, list);
  }

  /** The table is gone (DROP TABLE / DROP SCHEMA): so is its history. */
  async forget(schema: string, table: string): Promise<void> {
    for (const c of this.commits.get(`${schema}.${table}`) ?? [])
      await this.conn.run(`DROP TABLE IF EXISTS __history.${q(c.snapshot)}`);
    this.commits.delete(`${schema}.${table}`);
  }

  versions(schema: string, table: string): readonly Commit[] {
    return this.commits.get(`${schema}.${table}`) ?? [];
  }

  /** DESCRIBE HISTORY's rows, newest first (LIMIT n keeps the n newest). */
  describe(schema: string, table: string, limit?: number): ResultSet {
    const rows = [...this.versions(schema, table)].reverse().slice(0, limit ?? Number.POSITIVE_INFINITY);
    return {
      columns: [
        { name: 'version', type: 'BIGINT' },
        'timestamp',
        'userId',
        'userName',
        'operation',
        'operationParameters',
        'job',
        'notebook',
        'clusterId',
        { name: 'readVersion', type: 'BIGINT' },
        'isolationLevel',
        { name: 'isBlindAppend', type: 'BOOLEAN' },
        'operationMetrics',
        'userMetadata',
        'engineInfo',
      ],
      rows: rows.map((c) => [
        c.version,
        c.timestamp,
        this.user,
        this.user,
        c.operation,
        JSON.stringify(c.operationParameters),
        null,
        null,
        null,
        c.version > 0 ? c.version - 1 : null,
        'WriteSerializable',
        c.operation === 'COPY INTO' || c.operation === 'WRITE',
        JSON.stringify(c.operationMetrics),
        null,
        'emulator',
      ]),
    };
  }

  /**
   * `<table> VERSION AS OF <n>` or `<table> TIMESTAMP AS OF '<instant>'` → the copy that version
   * left (a three-part name in the hosted catalog: the translation to DuckDB drops the catalog,
   * so `__history` is addressed through it).
   */
  timeTravel(sql: string, catalog: string, resolve: (parts: string[]) => [string, string]): string {
    const name = '(?:`(?:[^`]|``)+`|\\w+)';
    const asOf = "VERSION\\s+AS\\s+OF\\s+(\\d+)|TIMESTAMP\\s+AS\\s+OF\\s+('(?:[^'\\\\]|\\\\.)*')";
    const re = new RegExp(`(${name}\\s*\\.\\s*${name}\\s*\\.\\s*${name})\\s+(?:${asOf})`, 'gi');
    return sql.replace(re, (_m, ref: string, n: string | undefined, instant: string | undefined) => {
      const [schema, table] = resolve(nameParts(ref));
      const list = this.versions(schema, table);
      const commit = n !== undefined ? list[Number(n)] : this.asOf(list, literalValue(instant!));
      if (!commit)
        throw new Error(
          `[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version ${n}. Available versions: [0, ${list.length - 1}].`,
        );
      return `\`${catalog}\`.\`__history\`.\`${commit.snapshot}\``;
    });
  }

  /** The latest commit at or before `text` (a timestamp or date string, UTC unless it names a zone). */
  private asOf(list: readonly Commit[], text: string): Commit {
    const iso = text.trim().replace(' ', 'T');
    const at = Date.parse(
      /^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`,
    );
    if (Number.isNaN(at))
      throw new Error(
        `[INVALID_TIME_TRAVEL_TIMESTAMP_EXPR] The time travel timestamp expression '${text}' is invalid.`,
      );
    const first = list[0];
    const last = list.at(-1);
    if (!first || !last) throw new Error('[DELTA_TABLE_NOT_FOUND] the table has no versions');
    const shown = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    if (at < Date.parse(first.timestamp))
      throw new Error(
        `[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] The provided timestamp (${shown(at)}) is before the earliest version available to this table (${shown(Date.parse(first.timestamp))}). Please use a timestamp after ${shown(Date.parse(first.timestamp))}.`,
      );
    if (at > Date.parse(last.timestamp))
      throw new Error(
        `[DELTA_TIMESTAMP_GREATER_THAN_COMMIT] The provided timestamp (${shown(at)}) is after the latest version available to this table (${shown(Date.parse(last.timestamp))}). Please use a timestamp before or at ${shown(Date.parse(last.timestamp))}.`,
      );
    return list.filter((c) => Date.parse(c.timestamp) <= at).at(-1)!;
  }
}
