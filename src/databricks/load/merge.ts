import { databricksType } from '../../schema/derive/ddl-databricks.js';
import type { Table } from '../../schema/types.js';
import { qualifiedTable, sparkIdent as q, type DatabricksTarget } from '../../sql/dialect-databricks.js';

/**
 * Upserts of an increment on Delta: COPY INTO a staging table (file-level idempotent like every
 * COPY INTO), MERGE INTO the target on the primary key, then drop the staging table. Each step can
 * be rerun after a failure at any point: the staging table is created only if absent, COPY INTO
 * skips files it already loaded into it (a re-created one loads them again), MERGE with the same
 * source rows changes nothing more, and DROP … IF EXISTS is a no-op once done.
 */
export const stagingTableName = (table: Table, fingerprint: string): string =>
  `${table.name}__idgraph_stage_${fingerprint}`;

/** The staging table holds the drop's rows as they are: the registry's columns, no constraints. */
export function createStagingTable(table: Table, target: DatabricksTarget, name: string): string {
  const columns = table.columns.map((c) => `  ${q(c.name)} ${databricksType(c.type)}`);
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTable(target, name)} (\n${columns.join(',\n')}\n) USING DELTA`;
}

/**
 * MERGE INTO on the primary key: a matched row takes every column of the source, a new key is
 * inserted ("UPDATE SET *" / "INSERT *": https://docs.databricks.com/sql/language-manual/delta-merge-into.html).
 * The columns are named, so a target with extra (evolved) columns keeps them.
 */
export function mergeStatement(table: Table, target: DatabricksTarget, stagingName: string): string {
  const key = q(table.primaryKey);
  const cols = table.columns.map((c) => q(c.name));
  const set = table.columns.filter((c) => c.name !== table.primaryKey).map((c) => `t.${q(c.name)} = s.${q(c.name)}`);
  return [
    `MERGE INTO ${qualifiedTable(target, table.name)} AS t`,
    `USING ${qualifiedTable(target, stagingName)} AS s`,
    `ON t.${key} = s.${key}`,
    `WHEN MATCHED THEN UPDATE SET ${set.join(', ')}`,
    `WHEN NOT MATCHED THEN INSERT (${cols.join(', ')}) VALUES (${cols.map((c) => `s.${c}`).join(', ')})`,
  ].join('\n');
}

export const dropStagingTable = (target: DatabricksTarget, name: string): string =>
  `DROP TABLE IF EXISTS ${qualifiedTable(target, name)}`;
