import { qualifiedTable, sparkIdent as q, sparkLiteral, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import type { Table } from '../../schema/types.js';
import { type Staging, tableLocation } from './staging.js';

/** COPY INTO accepts at most 1000 names in FILES; a larger table is loaded by several statements. */
export const COPY_FILES_LIMIT = 1000;

/**
 * COPY INTO statements for one table, from exactly the manifest's files (never a stray file in
 * the folder), relative to `<staging>/<table>`. The SELECT names the registry's columns, which
 * leaves out `event_date`: the files do not hold it (hive folder name), and Delta fills the
 * generated column from the timestamp. Files already loaded are skipped ('force' = 'false'),
 * and the table's schema is never changed by a load ('mergeSchema' = 'false').
 */
export function copyIntoStatements(
  table: Table,
  target: DatabricksTarget,
  staging: Staging,
  files: readonly string[],
): string[] {
  const prefix = `${table.name}/`;
  const relative = files.map((f) => (f.startsWith(prefix) ? f.slice(prefix.length) : f));
  const columns = table.columns.map((c) => q(c.name)).join(', ');
  const statements: string[] = [];
  for (let i = 0; i < relative.length; i += COPY_FILES_LIMIT) {
    const chunk = relative.slice(i, i + COPY_FILES_LIMIT);
    statements.push(
      [
        `COPY INTO ${qualifiedTable(target, table.name)}`,
        `FROM (SELECT ${columns} FROM ${sparkLiteral(tableLocation(staging, table.name))})`,
        'FILEFORMAT = PARQUET',
        `FILES = (${chunk.map(sparkLiteral).join(', ')})`,
        "COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false')",
      ].join('\n'),
    );
  }
  return statements;
}
