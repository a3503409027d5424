import type { Table } from '../../schema/types.js';
import { databricksType } from '../../schema/derive/ddl-databricks.js';
import { sparkIdent, sparkLiteral } from '../../sql/dialect-databricks.js';

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

/**
 * Additive schema evolution for an existing table: registry columns it lacks become one
 * `ALTER TABLE … ADD COLUMNS (…)` when every one of them is nullable ("By default, nullability is
 * true", and existing rows read NULL: https://docs.databricks.com/aws/en/delta/update-schema ,
 * https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-syntax-ddl-alter-table-manage-column).
 * No DEFAULT is given: Delta refuses one in ADD COLUMN on an existing table. Any other difference
 * (another type, a column the registry lacks, a new NOT NULL column) stays a problem: refused
 * before anything is written, never dropped or rewritten.
 */
export function schemaEvolution(
  table: Table,
  describeRows: readonly Record<string, unknown>[],
  qualifiedName: string,
): { problems: string[]; alter?: string } {
  const differences = schemaDifferences(table, describeRows);
  const added = table.columns.filter((c) => differences.includes(`${c.name}: missing`));
  const problems = differences.filter((d) => !added.some((c) => d === `${c.name}: missing`));
  for (const c of added)
    if (!c.nullable) problems.push(`${c.name}: new NOT NULL column (existing rows would have no value)`);
  if (problems.length || !added.length) return { problems };
  const columns = added.map(
    (c) => `${sparkIdent(c.name)} ${databricksType(c.type)} COMMENT ${sparkLiteral(c.description)}`,
  );
  return { problems, alter: `ALTER TABLE ${qualifiedName} ADD COLUMNS (${columns.join(', ')})` };
}
