import {
  type DatabricksTarget,
  qualifiedTable,
  safeName,
  sparkCheck,
  sparkIdent as q,
  sparkLiteral,
} from '../../sql/dialect-databricks.js';
import type { Column, SqlType, Table } from '../types.js';

export const DATABRICKS_LAYOUTS = ['zorder', 'liquid'] as const;
/** zorder: date partitions + OPTIMIZE … ZORDER BY; liquid: CLUSTER BY, no partitions (they cannot be combined). */
export type DatabricksLayout = (typeof DATABRICKS_LAYOUTS)[number];

/**
 * Table properties every table gets. The data model asks for 30 days of time travel: the log
 * must be kept that long, and so must the data files VACUUM would otherwise delete after 7 days.
 */
export const TABLE_PROPERTIES: readonly (readonly [string, string])[] = [
  ['delta.logRetentionDuration', 'interval 30 days'],
  ['delta.deletedFileRetentionDuration', 'interval 30 days'],
];
/** A DEFAULT in CREATE TABLE is refused unless this writer feature is enabled in the same statement. */
const COLUMN_DEFAULTS_FEATURE = ['delta.feature.allowColumnDefaults', 'supported'] as const;

/** The registry's types are already Databricks SQL spellings. */
export const databricksType = (type: SqlType): string => type;

export const primaryKeyName = (table: Table): string => `pk_${table.name}`;
export const foreignKeyName = (table: Table, column: string): string => `fk_${table.name}_${column}`;
export const checkConstraintName = (table: Table, column: string): string => `chk_${table.name}_${column}`;

export function databricksCreateSchema(target: DatabricksTarget): string {
  const schema = `${q(safeName('catalog', target.catalog))}.${q(safeName('schema', target.schema))}`;
  return `CREATE SCHEMA IF NOT EXISTS ${schema} COMMENT ${sparkLiteral('Synthetic consumer identity graph (idgraph)')}`;
}

/**
 * CREATE TABLE IF NOT EXISTS from the registry: exact types, NOT NULL, DEFAULTs, comments,
 * informational PRIMARY/FOREIGN KEYs (Unity Catalog), the generated UTC date column of event
 * tables, and either date partitions (zorder) or CLUSTER BY (liquid). CHECKs come separately.
 */
export function databricksCreateTable(
  table: Table,
  target: DatabricksTarget,
  layout: DatabricksLayout = 'zorder',
): string {
  const lines = table.columns.map((c) => {
    const parts = [`  ${q(c.name)} ${databricksType(c.type)}`];
    if (!c.nullable) parts.push('NOT NULL');
    if (c.defaultSql) parts.push(`DEFAULT ${c.defaultSql}`);
    parts.push(`COMMENT ${sparkLiteral(c.description)}`);
    return parts.join(' ');
  });
  if (table.partition) {
    // Not in the files (it is their folder name): Delta computes it on write, so COPY INTO
    // leaves it out and the session time zone (UTC) makes CAST(… AS DATE) the UTC date.
    const { column, source } = table.partition;
    lines.push(
      `  ${q(column)} DATE GENERATED ALWAYS AS (CAST(${q(source)} AS DATE)) COMMENT ${sparkLiteral(`UTC date of ${source} (generated)`)}`,
    );
  }
  lines.push(`  CONSTRAINT ${q(primaryKeyName(table))} PRIMARY KEY (${q(table.primaryKey)})`);
  for (const fk of table.foreignKeys) {
    lines.push(
      `  CONSTRAINT ${q(foreignKeyName(table, fk.column))} FOREIGN KEY (${q(fk.column)}) REFERENCES ${qualifiedTable(target, fk.table)} (${q(fk.references)})`,
    );
  }
  const clauses = ['USING DELTA'];
  if (layout === 'liquid') clauses.push(`CLUSTER BY (${table.zorder.map(q).join(', ')})`);
  else if (table.partition) clauses.push(`PARTITIONED BY (${q(table.partition.column)})`);
  clauses.push(`COMMENT ${sparkLiteral(table.description)}`);
  const props = [...TABLE_PROPERTIES, ...(table.columns.some((c) => c.defaultSql) ? [COLUMN_DEFAULTS_FEATURE] : [])];
  clauses.push(`TBLPROPERTIES (\n${props.map(([k, v]) => `  ${sparkLiteral(k)} = ${sparkLiteral(v)}`).join(',\n')}\n)`);
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(target, table.name)} (\n${lines.join(',\n')}\n)\n${clauses.join('\n')}`;
}

export interface CheckConstraint {
  table: string;
  name: string;
  sql: string;
}

/**
 * The CHECK condition of a column. Delta requires a CHECK to evaluate to *true* for every row:
 * NULL is a violation, unlike SQL's usual "not false" (https://docs.databricks.com/aws/en/tables/constraints
 * "CHECK constraint"; delta-io/delta#1714). So a check on a nullable column, or one comparing with
 * a nullable column, lets NULL through explicitly: `col IS NULL OR …`.
 */
export function databricksCheckCondition(table: Table, column: Column): string {
  const check = column.check!;
  const referenced = [column.name, ...(check.kind === 'gteColumn' ? [check.column] : [])];
  const nullable = referenced.filter((name) => table.columns.find((c) => c.name === name)?.nullable);
  const condition = sparkCheck(column.name, check);
  return nullable.length ? `${nullable.map((n) => `${q(n)} IS NULL`).join(' OR ')} OR ${condition}` : condition;
}

/** CHECK constraints cannot be declared in CREATE TABLE on Delta: one ALTER TABLE each. */
export function databricksCheckConstraints(table: Table, target: DatabricksTarget): CheckConstraint[] {
  return table.columns
    .filter((c) => c.check)
    .map((c) => {
      const name = checkConstraintName(table, c.name);
      return {
        table: table.name,
        name,
        sql: `ALTER TABLE ${qualifiedTable(target, table.name)} ADD CONSTRAINT ${q(name)} CHECK (${databricksCheckCondition(table, c)})`,
      };
    });
}

/** OPTIMIZE after the load: Z-order on the data model's columns, or plain (liquid clustering re-clusters). */
export function databricksOptimize(
  table: Table,
  target: DatabricksTarget,
  layout: DatabricksLayout = 'zorder',
): string {
  const name = qualifiedTable(target, table.name);
  return layout === 'liquid' ? `OPTIMIZE ${name}` : `OPTIMIZE ${name} ZORDER BY (${table.zorder.map(q).join(', ')})`;
}
