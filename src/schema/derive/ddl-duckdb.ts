import { TABLES } from '../registry.js';
import type { Table } from '../types.js';
import { checkSql, duckdbType, quoteIdent as q } from './sql-types.js';

export interface DdlOptions {
  /** PRIMARY KEY / UNIQUE / FOREIGN KEY clauses (DuckDB enforces them with indexes). */
  keys: boolean;
}

/** CREATE TABLE for DuckDB from the registry: types, NOT NULL, CHECK, and keys where asked. */
export function duckdbCreateTable(table: Table, name = table.name, options: DdlOptions = { keys: true }): string {
  const lines = table.columns.map((c) => {
    const parts = [`  ${q(c.name)} ${duckdbType(c.type)}`];
    if (!c.nullable) parts.push('NOT NULL');
    if (c.defaultSql) parts.push(`DEFAULT ${c.defaultSql}`);
    if (c.check) parts.push(`CHECK (${checkSql(c.name, c.check)})`);
    return parts.join(' ');
  });
  if (options.keys) {
    lines.push(`  PRIMARY KEY (${q(table.primaryKey)})`);
    for (const u of table.unique) lines.push(`  UNIQUE (${u.map(q).join(', ')})`);
    for (const fk of table.foreignKeys)
      lines.push(`  FOREIGN KEY (${q(fk.column)}) REFERENCES ${q(fk.table)} (${q(fk.references)})`);
  }
  return `CREATE TABLE ${q(name)} (\n${lines.join(',\n')}\n)`;
}

export const duckdbSchemaDdl = (options?: DdlOptions): string[] =>
  TABLES.map((t) => duckdbCreateTable(t, t.name, options));
