/**
 * COPY INTO executed: the files it selects (copy-into.ts), skipping those already loaded into the
 * table, read with DuckDB, checked the Delta way, then inserted in one statement (all or nothing).
 * Delta rules: NOT NULL and CHECK (TRUE required, NULL fails) on write
 * (https://docs.databricks.com/aws/en/tables/constraints); generated columns computed from their
 * expression, or checked against it when given
 * (https://docs.databricks.com/gcp/en/tables/features/generated-columns); COPY INTO result
 * num_affected_rows, num_inserted_rows, num_skipped_corrupt_files and file-level idempotency
 * (https://docs.databricks.com/sql/language-manual/delta-copy-into.html).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import type { ResultSet } from '../results.js';
import type { Catalog } from './catalog.js';
import { globToRegExp, parseCopyInto } from './copy-into.js';
import type { TableDef } from './ddl.js';
import type { History } from './history.js';
import { type DeltaEmulatorOptions, filesUnder } from './emulator.js';
import { nameParts, toDuckSql } from './spark-sql.js';

export interface CopyContext {
  conn: DuckDBConnection;
  catalog: Catalog;
  table(parts: string[]): TableDef & { loaded: Set<string> };
  options: DeltaEmulatorOptions;
  history: History;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const result = (inserted: number): ResultSet => ({
  columns: [
    { name: 'num_affected_rows', type: 'BIGINT' },
    { name: 'num_inserted_rows', type: 'BIGINT' },
    { name: 'num_skipped_corrupt_files', type: 'BIGINT' },
  ],
  rows: [[inserted, inserted, 0]],
});

export async function copyInto(sql: string, ctx: CopyContext): Promise<ResultSet> {
  const copy = parseCopyInto(sql);
  const def = ctx.table(copy.target);
  const key = `${def.schema}.${def.name}`;
  ctx.catalog.require(['MODIFY'], 'TABLE', key);
  if (copy.format !== 'PARQUET')
    throw new Error(`[EMULATOR] only FILEFORMAT = PARQUET is emulated, got ${copy.format}`);
  const source = copy.source.replace(/\/+$/, '');
  if (ctx.options.refuseStaging?.(source))
    throw new Error(`[INSUFFICIENT_PERMISSIONS] User does not have READ FILES on ${source}`);
  const dir = await ctx.options.staging(source);
  if (!dir) throw new Error(`[PATH_NOT_FOUND] Path does not exist: ${source}`);
  const present = filesUnder(dir);
  let selected: string[];
  if (copy.files) {
    const missing = copy.files.find((f) => !present.includes(f));
    if (missing) throw new Error(`[FILE_NOT_FOUND] ${source}/${missing} does not exist`);
    selected = copy.files;
  } else if (copy.pattern) {
    const re = globToRegExp(copy.pattern);
    selected = present.filter((f) => re.test(f));
  } else selected = present;

  const force = copy.options.get('force') === 'true';
  const fresh = selected.filter((f) => force || !def.loaded.has(`${source}/${f}`));
  if (fresh.length === 0) return result(0);

  const sourceColumns = copy.select ?? def.columns.filter((c) => !c.generated).map((c) => `\`${c.name}\``);
  const names = sourceColumns.map((c) => nameParts(c).at(-1)!);
  for (const name of names) {
    const column = def.columns.find((c) => c.name === name);
    if (!column)
      throw new Error(`[DELTA_FAILED_TO_MERGE_FIELDS] column ${name} is not in ${key} and mergeSchema is off`);
  }
  const generated = def.columns.filter((c) => c.generated && !names.includes(c.name));
  const given = def.columns.filter((c) => c.generated && names.includes(c.name));
  const files = fresh.map((f) => lit(join(dir, f))).join(', ');
  const incoming = `copy_incoming_${def.name}`;
  await ctx.conn.run(
    `CREATE OR REPLACE TEMP TABLE ${incoming} AS SELECT ${sourceColumns.map((c) => toDuckSql(c, ctx.catalog.name)).join(', ')} FROM read_parquet([${files}], hive_partitioning = false)`,
  );
  try {
    // Every CHECK must be TRUE; a NULL result is a violation, and one bad row fails the statement.
    for (const [name, condition] of def.checks) {
      const bad = await ctx.conn.runAndReadAll(
        `SELECT * FROM ${incoming} WHERE NOT coalesce((${toDuckSql(condition, ctx.catalog.name)}), false) LIMIT 1`,
      );
      const row = bad.getRowObjectsJson()[0];
      if (row)
        throw new Error(
          `[DELTA_VIOLATE_CONSTRAINT_WITH_VALUES] CHECK constraint ${name} (${condition}) violated by row with values:\n${Object.entries(
            row,
          )
            .map(([k, v]) => ` - ${k} : ${v === null ? 'null' : String(v)}`)
            .join('\n')}`,
        );
    }
    // A generated column given by the write must equal its expression (NULL-safe).
    for (const c of given) {
      const bad = await ctx.conn.runAndReadAll(
        `SELECT count(*) FROM ${incoming} WHERE NOT coalesce((${q(c.name)} IS NOT DISTINCT FROM (${toDuckSql(c.generated!, ctx.catalog.name)})), false)`,
      );
      if (Number(bad.getRows()[0][0]) > 0)
        throw new Error(
          `[DELTA_GENERATED_COLUMNS_VALUE_MISMATCH] ${bad.getRows()[0][0]} rows give ${c.name} a value other than its generation expression ${c.generated}`,
        );
    }
    const target = [...names, ...generated.map((c) => c.name)].map(q).join(', ');
    const values = [...names.map(q), ...generated.map((c) => `(${toDuckSql(c.generated!, ctx.catalog.name)})`)].join(
      ', ',
    );
    try {
      await ctx.conn.run(`INSERT INTO ${q(def.schema)}.${q(def.name)} (${target}) SELECT ${values} FROM ${incoming}`);
    } catch (err) {
      const column = /NOT NULL constraint failed: \S+?\.(\w+)/.exec((err as Error).message)?.[1];
      if (column)
        throw new Error(`[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: ${column}.`);
      throw err;
    }
    const counted = await ctx.conn.runAndReadAll(`SELECT count(*) FROM ${incoming}`);
    for (const f of fresh) def.loaded.add(`${source}/${f}`);
    const n = Number(counted.getRows()[0][0]);
    // One statement, one version (history.ts); a COPY INTO that skips every file commits nothing.
    await ctx.history.commit(
      def.schema,
      def.name,
      'COPY INTO',
      {},
      { numFiles: String(fresh.length), numOutputRows: String(n) },
    );
    return result(n);
  } finally {
    await ctx.conn.run(`DROP TABLE IF EXISTS ${incoming}`);
  }
}
