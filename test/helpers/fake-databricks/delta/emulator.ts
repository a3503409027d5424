/**
 * A Databricks SQL warehouse with Delta semantics, for the fake endpoint: it executes the DDL and
 * COPY INTO it receives against the staged Parquet files, with DuckDB underneath. What Delta and
 * Unity Catalog do differently from DuckDB is emulated here, each rule with its documentation:
 * - NOT NULL and CHECK are enforced on write: "When a constraint is violated, the transaction fails
 *   with an error"; CHECK "indicates that a specified boolean expression must be true for each input
 *   row" (https://docs.databricks.com/aws/en/tables/constraints). So NULL is a violation (Delta's
 *   CheckDeltaInvariant, delta-io/delta#1714), and one violating row fails the whole statement.
 *   DuckDB's own CHECK lets NULL pass, so the emulator checks itself.
 * - Generated columns are computed from their expression when a write leaves them out; a value
 *   given must satisfy `(<value> <=> <generation expression>) IS TRUE`
 *   (https://docs.databricks.com/gcp/en/tables/features/generated-columns).
 * - PRIMARY / FOREIGN KEY are informational, never enforced (ddl.ts).
 * - COPY INTO: file-level idempotency, FILES ≤ 1000, PATTERN globbing (copy-into.ts).
 * - information_schema privilege rows spelled as Unity Catalog spells them (catalog.ts).
 * - ALTER TABLE … ADD COLUMNS: nullable columns at the end, no DEFAULT (ddl.ts); INSERT INTO … SELECT.
 * - Every write is a table version: DESCRIBE HISTORY, `VERSION AS OF` and `TIMESTAMP AS OF` (history.ts).
 * - `SET TIME ZONE 'UTC'`: DuckDB runs in UTC, the only zone the emulator accepts
 *   (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-conf-mgmt-set-timezone.html).
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Reply } from '../responders.js';
import type { ResultSet } from '../results.js';
import { Catalog, type Grant } from './catalog.js';
import { parseAddCheck, parseCreateTable, type TableDef } from './ddl.js';
import { History } from './history.js';
import { tableOps } from './table-ops.js';
import { inspect } from './inspect.js';
import { copyInto } from './load.js';
import { isMerge, mergeInto } from './merge.js';
import { duckType, literalValue, nameParts, SPARK_MACROS, toDuckSql } from './spark-sql.js';

export interface DeltaEmulatorOptions {
  catalog?: string;
  user?: string;
  groups?: string[];
  /** Grants in GRANT spelling; information_schema shows them with underscores. */
  grants?: (Omit<Grant, 'grantee'> & { grantee?: string })[];
  /** Local folder holding what is staged at a location (`s3://…` or `/Volumes/…`), or undefined if nothing is. */
  staging: (url: string) => Promise<string | undefined>;
  /** Staging the caller may not read (LIST and COPY INTO are refused). */
  refuseStaging?: (url: string) => boolean;
}

export interface DeltaEmulator {
  respond(sql: string): Promise<Reply | undefined>;
  catalog: Catalog;
  /** Each table's versions (DESCRIBE HISTORY, VERSION AS OF). */
  history: History;
  /** Rows of a query run directly on the emulated tables (DuckDB SQL, tables as "schema"."table"). */
  query(sql: string): Promise<Record<string, unknown>[]>;
  tables: Map<string, TableDef & { loaded: Set<string> }>;
  close(): void;
}

const VIEW_COLUMNS: Record<string, string[]> = {
  catalogs: ['catalog_name', 'catalog_owner'],
  catalog_privileges: ['grantor', 'grantee', 'catalog_name', 'privilege_type', 'is_grantable', 'inherited_from'],
  schemata: ['catalog_name', 'schema_name', 'schema_owner'],
  schema_privileges: [
    'grantor',
    'grantee',
    'catalog_name',
    'schema_name',
    'privilege_type',
    'is_grantable',
    'inherited_from',
  ],
  tables: ['table_catalog', 'table_schema', 'table_name', 'table_type', 'table_owner'],
  table_privileges: [
    'grantor',
    'grantee',
    'table_catalog',
    'table_schema',
    'table_name',
    'privilege_type',
    'is_grantable',
    'inherited_from',
  ],
};

const NO_RESULT: ResultSet = { columns: [], rows: [] };
const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string | null): string => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);

/** JS values the fake's result encoder understands. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return String(value);
  return value;
}

async function rows(conn: DuckDBConnection, sql: string): Promise<ResultSet> {
  const reader = await conn.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRowsJS().map((r) => r.map(plain)) };
}

export async function startDeltaEmulator(options: DeltaEmulatorOptions): Promise<DeltaEmulator> {
  const user = options.user ?? 'fake-user@example.com';
  const catalog = new Catalog(options.catalog ?? 'main', 'metastore-admins', user, options.groups ?? []);
  for (const g of options.grants ?? []) catalog.grant({ grantee: user, ...g } as Grant);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  for (const macro of SPARK_MACROS) await conn.run(macro);
  await conn.run(`CREATE MACRO uc_current_user() AS ${lit(user)}`);
  await conn.run(
    `CREATE MACRO uc_is_account_group_member(g) AS g IN (${[...(options.groups ?? []), '<no group>'].map(lit).join(', ')})`,
  );
  await conn.run('CREATE SCHEMA uc_information_schema');
  for (const [view, cols] of Object.entries(VIEW_COLUMNS))
    await conn.run(`CREATE TABLE uc_information_schema.${view} (${cols.map((c) => `${c} VARCHAR`).join(', ')})`);

  const tables = new Map<string, TableDef & { loaded: Set<string> }>();
  const run = async (sql: string) => conn.run(sql);
  const history = new History(conn, user);
  await history.init();

  /** `catalog`.`schema`[.`table`] → names in this catalog; another catalog does not exist here. */
  const resolve = (parts: string[], kind: 'schema' | 'table'): string[] => {
    const want = kind === 'schema' ? 2 : 3;
    if (parts.length !== want)
      throw new Error(`[EMULATOR] use three-part names (catalog.schema.table): ${parts.join('.')}`);
    if (parts[0] !== catalog.name) throw new Error(`[NO_SUCH_CATALOG_EXCEPTION] Catalog '${parts[0]}' not found.`);
    return parts.slice(1);
  };
  const table = (parts: string[]) => {
    const [s, t] = resolve(parts, 'table');
    const def = tables.get(`${s}.${t}`);
    if (!def)
      throw new Error(
        `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${catalog.name}\`.\`${s}\`.\`${t}\` cannot be found.`,
      );
    return def;
  };
  const schemaExists = (s: string) => catalog.schemaOwners.has(s);

  async function refreshViews(): Promise<void> {
    for (const [view, data] of Object.entries(catalog.views())) {
      await run(`DELETE FROM uc_information_schema.${view}`);
      const cols = VIEW_COLUMNS[view];
      if (data.length)
        await run(
          `INSERT INTO uc_information_schema.${view} VALUES ${data.map((r) => `(${cols.map((c) => lit(r[c] ?? null)).join(', ')})`).join(', ')}`,
        );
    }
  }

  async function execute(raw: string): Promise<ResultSet | undefined> {
    const sql = raw.trim().replace(/;\s*$/, '');
    const tz = /^SET\s+TIME\s+ZONE\s+(.+)$/i.exec(sql);
    if (tz) {
      if (literalValue(tz[1]) !== 'UTC') throw new Error('[EMULATOR] only the UTC session time zone is emulated');
      return NO_RESULT;
    }
    const createSchema =
      /^CREATE\s+SCHEMA\s+(IF\s+NOT\s+EXISTS\s+)?((?:`(?:[^`]|``)+`|\w+)\.(?:`(?:[^`]|``)+`|\w+))(\s+COMMENT\s+'(?:[^'\\]|\\.)*')?$/is.exec(
        sql,
      );
    if (createSchema) {
      const [s] = resolve(nameParts(createSchema[2]), 'schema');
      if (schemaExists(s)) {
        if (createSchema[1]) return NO_RESULT;
        throw new Error(`[SCHEMA_ALREADY_EXISTS] Cannot create schema \`${s}\` because it already exists.`);
      }
      catalog.require(['USE CATALOG', 'CREATE SCHEMA'], 'CATALOG', catalog.name);
      await run(`CREATE SCHEMA ${q(s)}`);
      catalog.schemaOwners.set(s, user);
      return NO_RESULT;
    }
    const dropSchema = /^DROP\s+SCHEMA\s+(IF\s+EXISTS\s+)?(\S+)\s+CASCADE$/is.exec(sql);
    if (dropSchema) {
      const [s] = resolve(nameParts(dropSchema[2]), 'schema');
      if (!schemaExists(s)) {
        if (dropSchema[1]) return NO_RESULT;
        throw new Error(`[SCHEMA_NOT_FOUND] The schema \`${catalog.name}\`.\`${s}\` cannot be found.`);
      }
      await run(`DROP SCHEMA ${q(s)} CASCADE`);
      catalog.schemaOwners.delete(s);
      for (const key of [...tables.keys()].filter((k) => k.startsWith(`${s}.`))) {
        await history.forget(s, key.slice(s.length + 1));
        tables.delete(key);
        catalog.tableOwners.delete(key);
      }
      return NO_RESULT;
    }
    if (/^CREATE\s+TABLE\b/i.test(sql)) {
      const { parts, ifNotExists, table: def } = parseCreateTable(sql);
      const [s, t] = resolve(parts, 'table');
      if (!schemaExists(s))
        throw new Error(`[SCHEMA_NOT_FOUND] The schema \`${catalog.name}\`.\`${s}\` cannot be found.`);
      if (tables.has(`${s}.${t}`)) {
        if (ifNotExists) return NO_RESULT;
        throw new Error(`[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table \`${s}\`.\`${t}\`.`);
      }
      catalog.require(['USE CATALOG'], 'CATALOG', catalog.name);
      catalog.require(['USE SCHEMA', 'CREATE TABLE'], 'SCHEMA', s);
      for (const fk of def.foreignKeys) table(nameParts(fk.references)); // the parent must exist
      const columns = def.columns.map(
        (c) =>
          `${q(c.name)} ${duckType(c.type)}${c.notNull ? ' NOT NULL' : ''}${c.defaultSql ? ` DEFAULT (${toDuckSql(c.defaultSql, catalog.name)})` : ''}`,
      );
      await run(`CREATE TABLE ${q(s)}.${q(t)} (${columns.join(', ')})`);
      tables.set(`${s}.${t}`, { ...def, schema: s, name: t, loaded: new Set() });
      catalog.tableOwners.set(`${s}.${t}`, user);
      await history.commit(s, t, 'CREATE TABLE', { isManaged: 'true' });
      return NO_RESULT;
    }
    const check = parseAddCheck(sql);
    if (check) {
      const def = table(check.parts);
      catalog.require(['MODIFY'], 'TABLE', `${def.schema}.${def.name}`);
      const name = check.name.toLowerCase();
      if (def.checks.has(name))
        throw new Error(
          `[DELTA_CONSTRAINT_ALREADY_EXISTS] Constraint '${name}' already exists. Please delete the old constraint first.`,
        );
      const condition = toDuckSql(check.condition, catalog.name);
      const bad = await rows(
        conn,
        `SELECT count(*) FROM ${q(def.schema)}.${q(def.name)} WHERE NOT coalesce((${condition}), false)`,
      );
      const violating = Number((bad.rows[0] as unknown[])[0]);
      if (violating > 0)
        throw new Error(
          `[DELTA_NEW_CHECK_CONSTRAINT_VIOLATION] ${violating} rows in ${catalog.name}.${def.schema}.${def.name} violate the new CHECK constraint (${check.condition})`,
        );
      def.checks.set(name, check.condition);
      def.properties.set(`delta.constraints.${name}`, check.condition);
      await history.commit(def.schema, def.name, 'ADD CONSTRAINT', { name, expr: check.condition });
      return NO_RESULT;
    }
    const altered = await tableOps(sql, { conn, catalog, table, history });
    if (altered) return altered;
    if (/^COPY\s+INTO\b/i.test(sql)) return copyInto(sql, { conn, catalog, table, options, history });
    if (isMerge(sql)) return mergeInto(sql, { conn, catalog, table, history });
    const dropTable = /^DROP\s+TABLE\s+(IF\s+EXISTS\s+)?(\S+)$/is.exec(sql);
    if (dropTable) {
      const [s, t] = resolve(nameParts(dropTable[2]), 'table');
      if (!tables.has(`${s}.${t}`)) {
        if (dropTable[1]) return NO_RESULT;
        throw new Error(`[TABLE_OR_VIEW_NOT_FOUND] The table \`${catalog.name}\`.\`${s}\`.\`${t}\` cannot be found.`);
      }
      await run(`DROP TABLE ${q(s)}.${q(t)}`);
      await history.forget(s, t);
      tables.delete(`${s}.${t}`);
      catalog.tableOwners.delete(`${s}.${t}`);
      return NO_RESULT;
    }
    const inspected = await inspect(sql, { catalog, tables, table, resolve, options });
    if (inspected) return inspected;
    if (/^(SELECT|WITH)\b/i.test(sql)) {
      if (/information_schema/i.test(sql)) await refreshViews();
      const travelled = history.timeTravel(sql, catalog.name, (parts) => {
        const def = table(parts);
        return [def.schema, def.name];
      });
      return rows(conn, toDuckSql(travelled, catalog.name));
    }
    return undefined;
  }

  return {
    catalog,
    tables,
    history,
    async respond(sql) {
      try {
        return await execute(sql);
      } catch (err) {
        const message = (err as Error).message;
        // A query naming a table that is not there: Databricks' error class, not DuckDB's words.
        const missing = /Catalog Error: Table with name (\S+) does not exist/.exec(message);
        if (missing)
          return {
            error: `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${missing[1]}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`,
            sqlState: '42P01',
          };
        return { error: /^\[/.test(message) ? message : `[EMULATOR_DUCKDB] ${message}`, sqlState: '42000' };
      }
    },
    async query(sql) {
      const r = await rows(conn, sql);
      return r.rows.map((row) =>
        Object.fromEntries(r.columns.map((c, i) => [typeof c === 'string' ? c : c.name, (row as unknown[])[i]])),
      );
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Files under a folder as '/'-separated paths relative to it. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}
