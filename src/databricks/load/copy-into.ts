import { UserError } from '../../errors.js';
import type { Table } from '../../schema/types.js';
import { qualifiedTable, sparkIdent as q, sparkLiteral, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import { type Staging, tableLocation } from './staging.js';

/** `[<partition>=<value>/]part-<chunk>-<fingerprint>.parquet`, relative to the table folder (see write/drop-files.ts). */
const DROP_FILE = /^(?:([a-z_]+)=[^/]+\/)?part-\d+-([0-9a-z]+)\.parquet$/;

/**
 * The PATTERN glob that selects exactly this drop's files of one table. Databricks documents
 * FILES as "a list of file names" (at most 1000) and PATTERN as a glob over paths relative to the
 * source directory, with `*`, `?`, `[…]` and `{a,b}` and subfolders allowed, e.g.
 * `'folder1/file_[a-g].csv'` (COPY INTO reference, "FILES" and "PATTERN":
 * https://docs.databricks.com/sql/language-manual/delta-copy-into.html). FILES entries with a
 * subfolder (`event_date=…/part-….parquet`) are not a documented form, so a glob is used.
 *
 * Every file name carries the drop's fingerprint (a hash of its config): files of another drop
 * never match, and a file of the same fingerprint has the same bytes whatever the shard split
 * (generation is deterministic), so the glob loads exactly the manifest's files.
 */
export function copyPattern(table: Table, files: readonly string[]): string {
  const prefix = `${table.name}/`;
  const shapes = new Set<string>();
  for (const file of files) {
    const relative = file.startsWith(prefix) ? file.slice(prefix.length) : file;
    const m = DROP_FILE.exec(relative);
    if (!m || (m[1] ?? undefined) !== table.partition?.column)
      throw new UserError(
        `the manifest lists ${file}, which is not an idgraph file name of table ${table.name}`,
        'load a drop written by this idgraph version',
      );
    shapes.add(m[2]);
  }
  if (shapes.size !== 1)
    throw new UserError(
      `the manifest's ${table.name} files carry ${shapes.size} fingerprints (${[...shapes].join(', ')}); one drop has one`,
      'load one drop at a time',
    );
  const [fingerprint] = shapes;
  const folder = table.partition ? `${table.partition.column}=*/` : '';
  return `${folder}part-*-${fingerprint}.parquet`;
}

/**
 * The COPY INTO statement for one table (none when the drop has no file of it), reading
 * `<staging>/<table>` through the PATTERN of this drop's files. The SELECT names the registry's
 * columns, which leaves out `event_date`: the files do not hold it (hive folder name), and Delta
 * fills the generated column from the timestamp. Files already loaded are skipped
 * ('force' = 'false'), so a rerun inserts nothing, and a load never changes the table's schema
 * ('mergeSchema' = 'false').
 */
export function copyIntoStatements(
  table: Table,
  target: DatabricksTarget,
  staging: Staging,
  files: readonly string[],
  /** Another table to copy into (an increment's staging table for a MERGE: merge.ts). */
  into: string = table.name,
): string[] {
  if (files.length === 0) return [];
  const columns = table.columns.map((c) => q(c.name)).join(', ');
  return [
    [
      `COPY INTO ${qualifiedTable(target, into)}`,
      `FROM (SELECT ${columns} FROM ${sparkLiteral(tableLocation(staging, table.name))})`,
      'FILEFORMAT = PARQUET',
      `PATTERN = ${sparkLiteral(copyPattern(table, files))}`,
      "COPY_OPTIONS ('force' = 'false', 'mergeSchema' = 'false')",
    ].join('\n'),
  ];
}
