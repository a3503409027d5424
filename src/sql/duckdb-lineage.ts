import type { Drop } from '../drop/read-drop.js';
import { UserError } from '../errors.js';
import type { Lineage } from '../lineage/types.js';
import { quoteLiteral } from '../schema/derive/sql-types.js';
import type { Duck } from './duckdb-connection.js';
import { existingTables, RUNS } from './duckdb-ledger.js';

/** One row per loaded drop of a lineage: what the next increment must continue. */
export const LINEAGE_TABLE = '_idgraph_lineage';
export const CREATE_LINEAGE = `CREATE TABLE IF NOT EXISTS ${LINEAGE_TABLE} (fingerprint VARCHAR PRIMARY KEY, lineage_id VARCHAR NOT NULL, sequence INTEGER NOT NULL, parent VARCHAR, window_start DATE NOT NULL, window_end DATE NOT NULL)`;

export const dropLineage = (drop: Drop): Lineage | undefined => drop.manifests[0]?.lineage;

interface Loaded {
  fingerprint: string;
  lineage_id: string;
  sequence: number;
}

const describeDrop = (l: Lineage, fingerprint: string): string => {
  const step = l.history[l.sequence];
  return `${fingerprint} (sequence ${l.sequence}, window ${step.start}..${step.end})`;
};

/**
 * Refuses, before anything changes, a drop that does not extend what the database holds: an
 * increment whose parent is not the latest loaded drop of its lineage (not loaded yet, or loaded
 * out of order), a drop of another lineage, or a second base. A drop already loaded passes (the
 * ledger makes the rerun a no-op). Drops written before lineages keep the old behaviour.
 */
export async function checkLineage(db: Duck, drop: Drop): Promise<void> {
  const lineage = dropLineage(drop);
  const tables = await existingTables(db);
  const loaded: Loaded[] = tables.has(LINEAGE_TABLE)
    ? (await db.all(`SELECT fingerprint, lineage_id, sequence FROM ${LINEAGE_TABLE} ORDER BY sequence`)).map((r) => ({
        fingerprint: String(r.fingerprint),
        lineage_id: String(r.lineage_id),
        sequence: Number(r.sequence),
      }))
    : [];
  if (!lineage || loaded.some((r) => r.fingerprint === drop.fingerprint)) return;
  const runs = tables.has(RUNS)
    ? (await db.all(`SELECT fingerprint FROM ${RUNS}`)).map((r) => String(r.fingerprint))
    : [];
  if (runs.includes(drop.fingerprint)) return;
  const latest = loaded.at(-1);
  const fix = 'load it into another --db, or load the drops of one lineage in order (base, then each increment)';
  if (latest && latest.lineage_id !== lineage.id)
    throw new UserError(
      `this database holds another lineage (base ${latest.lineage_id}, up to drop ${latest.fingerprint}, sequence ${latest.sequence}); drop ${drop.fingerprint} belongs to lineage ${lineage.id}${lineage.parent ? ` and expects parent ${lineage.parent.fingerprint}` : ''}`,
      `${fix}; nothing was loaded`,
    );
  if (!latest && runs.length)
    throw new UserError(
      `this database already holds drop ${runs[0]}, loaded without a lineage; drop ${drop.fingerprint} would reuse its ids`,
      `${fix}; nothing was loaded`,
    );
  if (!lineage.parent) {
    if (latest)
      throw new UserError(
        `this database already holds lineage ${latest.lineage_id} up to sequence ${latest.sequence}; drop ${drop.fingerprint} is a base, not its next increment`,
        `${fix}; nothing was loaded`,
      );
    return;
  }
  const parent = describeDrop({ ...lineage, sequence: lineage.sequence - 1 }, lineage.parent.fingerprint);
  if (
    !latest ||
    latest.sequence < lineage.sequence - 1 ||
    !loaded.some((r) => r.fingerprint === lineage.parent!.fingerprint)
  )
    throw new UserError(
      `drop ${describeDrop(lineage, drop.fingerprint)} continues drop ${parent}, which is not loaded in this database${latest ? ` (it holds up to sequence ${latest.sequence}, drop ${latest.fingerprint})` : ''}`,
      `load drop ${lineage.parent.fingerprint} first, then this one; nothing was loaded`,
    );
  if (latest.fingerprint !== lineage.parent.fingerprint)
    throw new UserError(
      `drop ${describeDrop(lineage, drop.fingerprint)} continues drop ${parent}, but this database has moved on to drop ${latest.fingerprint} (sequence ${latest.sequence})`,
      `continue from drop ${latest.fingerprint} instead (idgraph generate --continue <its folder>), or load into another --db; nothing was loaded`,
    );
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
