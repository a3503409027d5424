/**
 * Statements on one existing table beyond DDL and loads: ALTER TABLE … ADD COLUMNS (ddl.ts),
 * INSERT INTO … SELECT / VALUES (a WRITE version), and DESCRIBE HISTORY [LIMIT n] (history.ts).
 * ADD COLUMN and INSERT need MODIFY on the table, DESCRIBE HISTORY needs SELECT
 * (https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-alter-table-manage-column ,
 * https://docs.databricks.com/sql/language-manual/delta-describe-history.html).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResultSet } from '../results.js';
import type { Catalog } from './catalog.js';
import { parseAddColumns, type TableDef } from './ddl.js';
import type { History } from './history.js';
import { duckType, nameParts, toDuckSql } from './spark-sql.js';

export interface TableOpsContext {
  conn: DuckDBConnection;
  catalog: Catalog;
  table(parts: string[]): TableDef & { loaded: Set<string> };
  history: History;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;

export async function tableOps(sql: string, ctx: TableOpsContext): Promise<ResultSet | undefined> {
  const { conn, catalog, table, history } = ctx;
  const run = async (text: string) => conn.run(text);
  const addColumns = parseAddColumns(sql);
  if (addColumns) {
    const def = table(addColumns.parts);
    catalog.require(['MODIFY'], 'TABLE', `${def.schema}.${def.name}`);
    const clash = addColumns.columns.find((c) =>
      def.columns.some((d) => d.name.toLowerCase() === c.name.toLowerCase()),
    );
    if (clash) throw new Error(`[FIELDS_ALREADY_EXISTS] Cannot add column, because \`${clash.name}\` already exists.`);
    for (const c of addColumns.columns)
      await run(`ALTER TABLE ${q(def.schema)}.${q(def.name)} ADD COLUMN ${q(c.name)} ${duckType(c.type)}`);
    def.columns.push(...addColumns.columns);
    await history.commit(def.schema, def.name, 'ADD COLUMNS', {
      columns: JSON.stringify(
        addColumns.columns.map((c) => ({ column: { name: c.name, type: c.type, nullable: true } })),
      ),
    });
    return { columns: [], rows: [] };
  }
  const insert = /^INSERT\s+INTO\s+(\S+)\s+(?=SELECT\b|VALUES\b|\()/is.exec(sql);
  if (insert) {
    const def = table(nameParts(insert[1]));
    catalog.require(['MODIFY'], 'TABLE', `${def.schema}.${def.name}`);
    if (def.checks.size || def.columns.some((c) => c.generated))
      throw new Error('[EMULATOR] INSERT is emulated only into tables without CHECK constraints or generated columns');
    const inserted = Number((await conn.runAndReadAll(toDuckSql(sql, catalog.name))).getRows()[0]?.[0] ?? 0);
    if (inserted > 0)
      await history.commit(def.schema, def.name, 'WRITE', { mode: 'Append' }, { numOutputRows: String(inserted) });
    return {
      columns: [
        { name: 'num_affected_rows', type: 'BIGINT' },
        { name: 'num_inserted_rows', type: 'BIGINT' },
      ],
      rows: [[inserted, inserted]],
    };
  }
  const describeHistory = /^DESCRIBE\s+HISTORY\s+(\S+)(?:\s+LIMIT\s+(\d+))?$/i.exec(sql);
  if (describeHistory) {
    const def = table(nameParts(describeHistory[1]));
    catalog.require(['SELECT'], 'TABLE', `${def.schema}.${def.name}`);
    return history.describe(def.schema, def.name, describeHistory[2] ? Number(describeHistory[2]) : undefined);
  }
  return undefined;
}
