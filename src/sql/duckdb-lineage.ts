import type { Drop } from '../drop/read-drop.js';
import { type LoadedDrop, lineageRefusal } from '../lineage/check.js';
import type { Lineage } from '../lineage/types.js';
import { quoteLiteral } from '../schema/derive/sql-types.js';
import type { Duck } from './duckdb-connection.js';
import { existingTables, RUNS } from './duckdb-ledger.js';

/** One row per loaded drop of a lineage: what the next increment must continue. */
export const LINEAGE_TABLE = '_idgraph_lineage';
export const CREATE_LINEAGE = `CREATE TABLE IF NOT EXISTS ${LINEAGE_TABLE} (fingerprint VARCHAR PRIMARY KEY, lineage_id VARCHAR NOT NULL, sequence INTEGER NOT NULL, parent VARCHAR, window_start DATE NOT NULL, window_end DATE NOT NULL)`;

export const dropLineage = (drop: Drop): Lineage | undefined => drop.manifests[0]?.lineage;

/**
 * Refuses, before anything changes, a drop that does not extend what the database holds
 * (lineageRefusal says when). The run ledger counts too: a drop already loaded passes, and one
 * loaded without a lineage blocks another drop's ids.
 */
export async function checkLineage(db: Duck, drop: Drop): Promise<void> {
  const tables = await existingTables(db);
  const loaded: LoadedDrop[] = tables.has(LINEAGE_TABLE)
    ? (await db.all(`SELECT fingerprint, lineage_id, sequence FROM ${LINEAGE_TABLE} ORDER BY sequence`)).map((r) => ({
        fingerprint: String(r.fingerprint),
        lineage_id: String(r.lineage_id),
        sequence: Number(r.sequence),
      }))
    : [];
  const runs = tables.has(RUNS)
    ? (await db.all(`SELECT fingerprint FROM ${RUNS}`)).map((r) => String(r.fingerprint))
    : [];
  const refusal = lineageRefusal(
    { here: 'this database', elsewhere: 'another --db' },
    drop.fingerprint,
    dropLineage(drop),
    loaded,
    runs,
  );
  if (refusal) throw refusal;
}

/** Inside the load's transaction: the drop joins the lineage record. */
export async function recordLineage(db: Duck, drop: Drop): Promise<void> {
  const lineage = dropLineage(drop);
  await db.run(CREATE_LINEAGE);
  if (!lineage) return;
  const step = lineage.history[lineage.sequence];
  await db.run(
    `INSERT INTO ${LINEAGE_TABLE} VALUES (${quoteLiteral(drop.fingerprint)}, ${quoteLiteral(lineage.id)}, ${lineage.sequence}, ${lineage.parent ? quoteLiteral(lineage.parent.fingerprint) : 'NULL'}, DATE ${quoteLiteral(step.start)}, DATE ${quoteLiteral(step.end)}) ON CONFLICT DO NOTHING`,
  );
}
