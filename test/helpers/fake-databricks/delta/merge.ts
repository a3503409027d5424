/**
 * MERGE INTO and DROP TABLE as the Databricks SQL reference describes them
 * (https://docs.databricks.com/sql/language-manual/delta-merge-into.html):
 * - `MERGE INTO target [AS t] USING source [AS s] ON merge_condition
 *    WHEN MATCHED THEN UPDATE SET col = expr, … WHEN NOT MATCHED THEN INSERT (cols) VALUES (exprs)`;
 * - "A MERGE operation can fail if multiple rows of the source dataset match and attempt to update
 *   the same rows of the target Delta table" (DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE).
 * Only the shape idgraph issues is emulated: an equality on one key column, SET and INSERT naming
 * columns as `t.c = s.c` and `s.c`. Target columns no SET names keep their values.
 * `DROP TABLE [IF EXISTS] name` (https://docs.databricks.com/sql/language-manual/sql-ref-syntax-ddl-drop-table.html).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResultSet } from '../results.js';
import type { Catalog } from './catalog.js';
import type { TableDef } from './ddl.js';
import type { History } from './history.js';
import { nameParts } from './spark-sql.js';

interface MergeContext {
  conn: DuckDBConnection;
  catalog: Catalog;
  table: (parts: string[]) => TableDef & { loaded: Set<string> };
  history: History;
}

const q = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const ident = '`(?:[^`]|``)+`|\\w+';
const unquote = (s: string): string => (s.startsWith('`') ? s.slice(1, -1).replace(/``/g, '`') : s);

export function isMerge(sql: string): boolean {
  return /^MERGE\s+INTO\b/i.test(sql);
}

export async function mergeInto(sql: string, ctx: MergeContext): Promise<ResultSet> {
  const m = new RegExp(
    `^MERGE\\s+INTO\\s+(\\S+)\\s+AS\\s+(\\w+)\\s+USING\\s+(\\S+)\\s+AS\\s+(\\w+)\\s+ON\\s+\\w+\\.(${ident})\\s*=\\s*\\w+\\.(${ident})\\s+WHEN\\s+MATCHED\\s+THEN\\s+UPDATE\\s+SET\\s+(.+?)\\s+WHEN\\s+NOT\\s+MATCHED\\s+THEN\\s+INSERT\\s*\\((.+?)\\)\\s*VALUES\\s*\\((.+)\\)$`,
    'is',
  ).exec(sql);
  if (!m) throw new Error(`[EMULATOR] unsupported MERGE shape: ${sql.slice(0, 120)}`);
  const target = ctx.table(nameParts(m[1]));
  const source = ctx.table(nameParts(m[3]));
  ctx.catalog.require(['MODIFY'], 'TABLE', `${target.schema}.${target.name}`);
  const key = unquote(m[5]);
  const tgt = `${q(target.schema)}.${q(target.name)}`;
  const src = `${q(source.schema)}.${q(source.name)}`;
  const set = m[7].split(/,\s*/).map((a) => {
    const [, l, r] = new RegExp(`^\\w+\\.(${ident})\\s*=\\s*\\w+\\.(${ident})$`).exec(a.trim()) ?? [];
    if (!l) throw new Error(`[EMULATOR] unsupported SET clause: ${a}`);
    return `${q(unquote(l))} = s.${q(unquote(r))}`;
  });
  const cols = m[8].split(/,\s*/).map((c) => q(unquote(c.trim())));
  const dup = await ctx.conn.runAndReadAll(`SELECT count(*) - count(DISTINCT ${q(key)}) FROM ${src}`);
  if (Number(dup.getRows()[0][0]) > 0)
    throw new Error(
      '[DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE] Cannot perform Merge as multiple source rows matched and attempted to modify the same target row',
    );
  const matched = await ctx.conn.runAndReadAll(
    `SELECT count(*) FROM ${src} s WHERE s.${q(key)} IN (SELECT ${q(key)} FROM ${tgt})`,
  );
  const updated = Number(matched.getRows()[0][0]);
  await ctx.conn.run('BEGIN TRANSACTION');
  try {
    await ctx.conn.run(`UPDATE ${tgt} SET ${set.join(', ')} FROM ${src} AS s WHERE ${tgt}.${q(key)} = s.${q(key)}`);
    const inserted = await ctx.conn.runAndReadAll(
      `INSERT INTO ${tgt} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM ${src} WHERE ${q(key)} NOT IN (SELECT ${q(key)} FROM ${tgt})`,
    );
    await ctx.conn.run('COMMIT');
    const n = Number(inserted.getRows()[0]?.[0] ?? 0);
    await ctx.history.commit(
      target.schema,
      target.name,
      'MERGE',
      { predicate: `t.${key} = s.${key}` },
      { numSourceRows: String(updated + n), numTargetRowsUpdated: String(updated), numTargetRowsInserted: String(n) },
    );
    // The result columns Databricks returns for MERGE.
    return {
      columns: ['num_affected_rows', 'num_updated_rows', 'num_deleted_rows', 'num_inserted_rows'],
      rows: [[updated + n, updated, 0, n]],
    };
  } catch (err) {
    await ctx.conn.run('ROLLBACK').catch(() => {});
    throw err;
  }
}
