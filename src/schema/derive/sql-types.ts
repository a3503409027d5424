import type { Check, SqlType } from '../types.js';

/** DuckDB spelling of each registry type, as DESCRIBE reports it. */
export function duckdbType(type: SqlType): string {
  switch (type) {
    case 'STRING':
      return 'VARCHAR';
    case 'INT':
      return 'INTEGER';
    // Parquet TIMESTAMP(isAdjustedToUTC) reads back as an instant.
    case 'TIMESTAMP':
      return 'TIMESTAMP WITH TIME ZONE';
    case 'ARRAY<STRING>':
      return 'VARCHAR[]';
    case 'MAP<STRING,DOUBLE>':
      return 'MAP(VARCHAR, DOUBLE)';
    default:
      return type;
  }
}

export const quoteLiteral = (s: string): string => `'${s.replace(/'/g, "''")}'`;
export const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/**
 * A CHECK rule as a boolean SQL expression over the column. The shape is the same in every
 * dialect; only identifier and string quoting differ (Databricks passes its own).
 */
export function checkSql(column: string, check: Check, ident = quoteIdent, literal = quoteLiteral): string {
  const col = ident(column);
  switch (check.kind) {
    case 'in':
      return `${col} IN (${check.values.map(literal).join(', ')})`;
    case 'between':
      return `${col} BETWEEN ${check.min} AND ${check.max}`;
    case 'compare':
      return `${col} ${check.op} ${check.value}`;
    case 'gteColumn':
      return `${col} >= ${ident(check.column)}`;
  }
}
