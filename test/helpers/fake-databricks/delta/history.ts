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
 *   a version that does not exist fails.
 * Each commit keeps a copy of the table (DuckDB schema `__history`): test drops are small. An
 * OPTIMIZE that rewrites nothing commits nothing, and the emulated one never rewrites. Commit
 * timestamps are a logical clock (one second per commit from 2026-01-01), not the wall clock.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResultSet } from '../results.js';
import { nameParts } from './spark-sql.js';

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
   * `<table> VERSION AS OF <n>` → the copy that version left (a three-part name in the hosted
   * catalog: the translation to DuckDB drops the catalog, so `__history` is addressed through it).
   */
  timeTravel(sql: string, catalog: string, resolve: (parts: string[]) => [string, string]): string {
    const name = '(?:`(?:[^`]|``)+`|\\w+)';
    const re = new RegExp(`(${name}\\s*\\.\\s*${name}\\s*\\.\\s*${name})\\s+VERSION\\s+AS\\s+OF\\s+(\\d+)`, 'gi');
    return sql.replace(re, (_m, ref: string, n: string) => {
      const [schema, table] = resolve(nameParts(ref));
      const list = this.versions(schema, table);
      const commit = list[Number(n)];
      if (!commit)
        throw new Error(
          `[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version ${n}. Available versions: [0, ${list.length - 1}].`,
        );
      return `\`${catalog}\`.\`__history\`.\`${commit.snapshot}\``;
    });
  }
}
