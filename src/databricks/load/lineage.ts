import { type LoadedDrop, lineageRefusal } from '../../lineage/check.js';
import type { Lineage } from '../../lineage/types.js';
import { type DatabricksTarget, qualifiedTable, sparkLiteral as lit } from '../../sql/dialect-databricks.js';

/**
 * The lineage record on Databricks: a small Delta table in the target schema, one row per loaded
 * drop, named and shaped like DuckDB's `_idgraph_lineage` (src/sql/duckdb-lineage.ts). It is read
 * before any change (the drop must extend what the schema holds: lineageRefusal), created empty
 * before the first COPY INTO (so a missing CREATE TABLE privilege fails before data moves), and
 * the drop's row is written after its data: a load interrupted before that is not recorded, so its
 * rerun passes the check again and converges (COPY INTO skips loaded files, MERGE is idempotent).
 */
export const LINEAGE_TABLE = '_idgraph_lineage';

export interface LineageStatements {
  /** The drops loaded so far, in sequence order. */
  read: string;
  create: string;
  /** Adds this drop's row unless present (absent for a drop written before lineages). */
  record?: string;
}

export function lineageStatements(
  target: DatabricksTarget,
  fingerprint: string | undefined,
  lineage: Lineage | undefined,
): LineageStatements {
  const table = qualifiedTable(target, LINEAGE_TABLE);
  const create = [
    `CREATE TABLE IF NOT EXISTS ${table} (`,
    '  fingerprint STRING NOT NULL,',
    '  lineage_id STRING NOT NULL,',
    '  sequence INT NOT NULL,',
    '  parent STRING,',
    '  window_start DATE NOT NULL,',
    '  window_end DATE NOT NULL',
    `) USING DELTA COMMENT ${lit('idgraph: the drops loaded into this schema, one row per drop of its lineage')}`,
  ].join('\n');
  const read = `SELECT fingerprint, lineage_id, sequence FROM ${table} ORDER BY sequence`;
  if (!lineage || !fingerprint) return { read, create };
  const step = lineage.history[lineage.sequence];
  const values = [
    lit(fingerprint),
    lit(lineage.id),
    String(lineage.sequence),
    lineage.parent ? lit(lineage.parent.fingerprint) : 'CAST(NULL AS STRING)',
    `DATE ${lit(step.start)}`,
    `DATE ${lit(step.end)}`,
  ];
  // An inline table with WHERE NOT EXISTS: rerunning the load adds no second row.
  const record = [
    `INSERT INTO ${table}`,
    `SELECT * FROM (VALUES (${values.join(', ')})) AS v(fingerprint, lineage_id, sequence, parent, window_start, window_end)`,
    `WHERE NOT EXISTS (SELECT 1 FROM ${table} AS l WHERE l.fingerprint = v.fingerprint)`,
  ].join('\n');
  return { read, create, record };
}

/** Rows of the read statement as loaded drops. */
export const loadedDrops = (rows: readonly Record<string, unknown>[]): LoadedDrop[] =>
  rows.map((r) => ({
    fingerprint: String(r.fingerprint),
    lineage_id: String(r.lineage_id),
    sequence: Number(r.sequence),
  }));

/** The refusal for a drop that does not extend what the schema holds (the DuckDB words, naming the schema). */
export const databricksLineageRefusal = (
  target: DatabricksTarget,
  fingerprint: string,
  lineage: Lineage | undefined,
  loaded: readonly LoadedDrop[],
) =>
  lineageRefusal(
    { here: `schema ${target.catalog}.${target.schema}`, elsewhere: 'another --schema' },
    fingerprint,
    lineage,
    loaded,
  );

/** A read that failed because the record (or the schema) does not exist yet: nothing loaded. */
export const NO_LINEAGE_YET = /TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|NO_SUCH_SCHEMA|cannot be found/i;
