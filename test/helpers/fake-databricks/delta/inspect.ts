/**
 * The statements that only look: OPTIMIZE (a no-op here: file layout does not exist in DuckDB),
 * DESCRIBE SCHEMA / TABLE, SHOW TBLPROPERTIES / TABLES IN, and LIST on a staging location.
 * Result shapes from the Databricks SQL reference: DESCRIBE TABLE col_name, data_type, comment
 * then the partition section (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-describe-table.html);
 * SHOW TABLES database, tableName, isTemporary (…/sql-ref-syntax-aux-show-tables.html); LIST path,
 * name, size, modification_time (…/sql-ref-syntax-aux-list.html); OPTIMIZE path, metrics.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultSet } from '../results.js';
import type { Catalog } from './catalog.js';
import type { TableDef } from './ddl.js';
import type { DeltaEmulatorOptions } from './emulator.js';
import { literalValue, nameParts } from './spark-sql.js';

export interface InspectContext {
  catalog: Catalog;
  tables: Map<string, TableDef>;
  table(parts: string[]): TableDef;
  resolve(parts: string[], kind: 'schema' | 'table'): string[];
  options: DeltaEmulatorOptions;
}

function listing(url: string, dir: string): ResultSet {
  const entries = readdirSync(dir).map((name) => {
    const st = statSync(join(dir, name));
    const shown = `${name}${st.isDirectory() ? '/' : ''}`;
    return [`${url}/${shown}`, shown, st.isDirectory() ? 0 : st.size, 0];
  });
  return {
    columns: ['path', 'name', { name: 'size', type: 'BIGINT' }, { name: 'modification_time', type: 'BIGINT' }],
    rows: entries,
  };
}

export async function inspect(sql: string, ctx: InspectContext): Promise<ResultSet | undefined> {
  const { catalog, tables, table, resolve, options } = ctx;
  const optimize = /^OPTIMIZE\s+(\S+)/i.exec(sql);
  if (optimize) {
    const def = table(nameParts(optimize[1]));
    return {
      columns: ['path', { name: 'metrics', type: 'STRUCT' }],
      rows: [[`s3://emulated/${def.schema}/${def.name}`, { numFilesAdded: 0, numFilesRemoved: 0 }]],
    };
  }
  const describeSchema = /^DESCRIBE\s+SCHEMA\s+(\S+)$/i.exec(sql);
  if (describeSchema) {
    const [s] = resolve(nameParts(describeSchema[1]), 'schema');
    if (!catalog.schemaOwners.has(s))
      throw new Error(`[SCHEMA_NOT_FOUND] The schema \`${catalog.name}\`.\`${s}\` cannot be found.`);
    return {
      columns: ['database_description_item', 'database_description_value'],
      rows: [
        ['Catalog Name', catalog.name],
        ['Namespace Name', s],
      ],
    };
  }
  const describeTable = /^DESCRIBE\s+TABLE\s+(\S+)$/i.exec(sql);
  if (describeTable) {
    // DESCRIBE TABLE: col_name, data_type, comment, then the partition section
    // (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-aux-describe-table.html).
    const def = table(nameParts(describeTable[1]));
    const out: unknown[][] = def.columns.map((c) => [c.name, c.type.toLowerCase(), c.comment ?? null]);
    if (def.partitionedBy.length)
      out.push(
        ['', '', ''],
        ['# Partition Information', '', ''],
        ['# col_name', 'data_type', 'comment'],
        ...def.partitionedBy.map((p) => [p, def.columns.find((c) => c.name === p)!.type.toLowerCase(), null]),
      );
    return { columns: ['col_name', 'data_type', 'comment'], rows: out };
  }
  const props = /^SHOW\s+TBLPROPERTIES\s+(\S+)$/i.exec(sql);
  if (props) return { columns: ['key', 'value'], rows: [...table(nameParts(props[1])).properties] };
  const showTables = /^SHOW\s+TABLES\s+IN\s+(\S+)$/i.exec(sql);
  if (showTables) {
    const [s] = resolve(nameParts(showTables[1]), 'schema');
    if (!catalog.schemaOwners.has(s))
      throw new Error(`[SCHEMA_NOT_FOUND] The schema \`${catalog.name}\`.\`${s}\` cannot be found.`);
    catalog.require(['USE SCHEMA'], 'SCHEMA', s);
    const names = [...tables.values()].filter((t) => t.schema === s).map((t) => [s, t.name, false]);
    return { columns: ['database', 'tableName', { name: 'isTemporary', type: 'BOOLEAN' }], rows: names };
  }
  const list = /^LIST\s+('(?:[^'\\]|\\.)*')(\s+LIMIT\s+(\d+))?$/i.exec(sql);
  if (list) {
    const url = literalValue(list[1]).replace(/\/+$/, '');
    if (options.refuseStaging?.(url))
      throw new Error(`[INSUFFICIENT_PERMISSIONS] User does not have READ FILES on ${url}`);
    const dir = await options.staging(url);
    if (!dir) throw new Error(`[PATH_NOT_FOUND] Path does not exist: ${url}`);
    const result = listing(url, dir);
    return list[3] ? { ...result, rows: result.rows.slice(0, Number(list[3])) } : result;
  }
  return undefined;
}
