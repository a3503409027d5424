import { UserError } from '../errors.js';
import type { Lineage } from './types.js';

/** A drop a target (a DuckDB file, a Databricks schema) records as loaded, from its lineage table. */
export interface LoadedDrop {
  fingerprint: string;
  lineage_id: string;
  sequence: number;
}

/** How the messages name the target and the way out: DuckDB says "this database" / "another --db". */
export interface LineagePlace {
  here: string;
  elsewhere: string;
}

const describeDrop = (l: Lineage, fingerprint: string): string => {
  const step = l.history[l.sequence];
  return `${fingerprint} (sequence ${l.sequence}, window ${step.start}..${step.end})`;
};

/**
 * Why a drop must not be loaded into a target holding `loaded` (its lineage record, in sequence
 * order) and `runs` (fingerprints of drops loaded, lineage or not, where the engine keeps such a
 * ledger), or undefined when it may. Refused: an increment whose parent is not the latest loaded
 * drop of its lineage (not loaded yet, or loaded out of order), a drop of another lineage, or a
 * second base. A drop already loaded passes (a rerun changes nothing). Drops written before
 * lineages keep the old behaviour. Shared by both engines so they refuse with the same words.
 */
export function lineageRefusal(
  place: LineagePlace,
  fingerprint: string,
  lineage: Lineage | undefined,
  loaded: readonly LoadedDrop[],
  runs: readonly string[] = [],
): UserError | undefined {
  if (!lineage || loaded.some((r) => r.fingerprint === fingerprint) || runs.includes(fingerprint)) return undefined;
  const { here, elsewhere } = place;
  const latest = loaded.at(-1);
  const fix = `load it into ${elsewhere}, or load the drops of one lineage in order (base, then each increment)`;
  if (latest && latest.lineage_id !== lineage.id)
    return new UserError(
      `${here} holds another lineage (base ${latest.lineage_id}, up to drop ${latest.fingerprint}, sequence ${latest.sequence}); drop ${fingerprint} belongs to lineage ${lineage.id}${lineage.parent ? ` and expects parent ${lineage.parent.fingerprint}` : ''}`,
      `${fix}; nothing was loaded`,
    );
  if (!latest && runs.length)
    return new UserError(
      `${here} already holds drop ${runs[0]}, loaded without a lineage; drop ${fingerprint} would reuse its ids`,
      `${fix}; nothing was loaded`,
    );
  if (!lineage.parent) {
    if (latest)
      return new UserError(
        `${here} already holds lineage ${latest.lineage_id} up to sequence ${latest.sequence}; drop ${fingerprint} is a base, not its next increment`,
        `${fix}; nothing was loaded`,
      );
    return undefined;
  }
  const parentFingerprint = lineage.parent.fingerprint;
  const parent = describeDrop({ ...lineage, sequence: lineage.sequence - 1 }, parentFingerprint);
  if (!latest || latest.sequence < lineage.sequence - 1 || !loaded.some((r) => r.fingerprint === parentFingerprint))
    return new UserError(
      `drop ${describeDrop(lineage, fingerprint)} continues drop ${parent}, which is not loaded in ${here}${latest ? ` (it holds up to sequence ${latest.sequence}, drop ${latest.fingerprint})` : ''}`,
      `load drop ${parentFingerprint} first, then this one; nothing was loaded`,
    );
  if (latest.fingerprint !== parentFingerprint)
    return new UserError(
      `drop ${describeDrop(lineage, fingerprint)} continues drop ${parent}, but ${here} has moved on to drop ${latest.fingerprint} (sequence ${latest.sequence})`,
      `continue from drop ${latest.fingerprint} instead (idgraph generate --continue <its folder>), or load into ${elsewhere}; nothing was loaded`,
    );
  return undefined;
}
