import type { Table } from '../../schema/types.js';
import { databricksType } from '../../schema/derive/ddl-databricks.js';

/** The columns an existing table must have: the registry's, plus the generated partition date. */
function expectedColumns(table: Table): Map<string, string> {
  const cols = new Map(table.columns.map((c) => [c.name, databricksType(c.type)]));
  if (table.partition) cols.set(table.partition.column, 'DATE');
  return cols;
}

// DESCRIBE spells types in lower case (`decimal(10,2)`, `map<string,double>`).
const normalise = (type: string): string => type.replace(/\s+/g, '').toUpperCase();

/**
 * Differences between a table's `DESCRIBE TABLE` rows (col_name, data_type, comment) and the
 * registry; empty when compatible. The column list ends at the first blank or `#` row
 * (partition and clustering sections follow it).
 */
export function schemaDifferences(table: Table, describeRows: readonly Record<string, unknown>[]): string[] {
  const actual = new Map<string, string>();
  for (const row of describeRows) {
    const name = String(row.col_name ?? '').trim();
    if (name === '' || name.startsWith('#')) break;
    actual.set(name, String(row.data_type ?? ''));
  }
  const expected = expectedColumns(table);
  const problems: string[] = [];
  for (const [name, type] of expected) {
    const got = actual.get(name);
    if (got === undefined) problems.push(`${name}: missing`);
    else if (normalise(got) !== normalise(type))
      problems.push(`${name}: ${got.toLowerCase()}, expected ${type.toLowerCase()}`);
  }
  for (const name of actual.keys()) if (!expected.has(name)) problems.push(`${name}: not in the data model`);
  return problems;
}
