import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunConfig } from '../config/schema.js';
import { readDrop } from '../drop/read-drop.js';
import { MANIFEST_NAME } from '../drop/shard-set.js';
import { UserError } from '../errors.js';
import { lineageIdSpan } from '../gen/continue/path-ids.js';
import type { Lineage } from './types.js';

export interface Parent {
  root: string;
  config: RunConfig;
  fingerprint: string;
  /** sha256 of the parent's manifest text (of each shard manifest's, in name order, when sharded). */
  sha256: string;
  /** Its lineage, with the high-water marks of all its shards combined. */
  lineage: Lineage;
}

/** sha256 over the manifest text(s) a drop is described by: `_manifest.json`, else every shard manifest. */
export function manifestSha256(root: string): string {
  const names = readdirSync(root)
    .filter((n) => MANIFEST_NAME.test(n))
    .sort();
  const chosen = names.includes('_manifest.json') ? ['_manifest.json'] : names;
  const h = createHash('sha256');
  if (chosen.length === 1) return h.update(readFileSync(join(root, chosen[0]))).digest('hex');
  for (const n of chosen)
    h.update(`${n}\0`)
      .update(readFileSync(join(root, n)))
      .update('\0');
  return h.digest('hex');
}

/**
 * The drop an increment continues: a complete drop (every shard) with a lineage record. Shards
 * each noted their own sequence maxima; the increment starts after the highest of any shard.
 */
export function readParent(root: string): Parent {
  const drop = readDrop(root);
  const lineages = drop.manifests.map((m) => m.lineage);
  const first = lineages[0];
  if (!first || lineages.some((l) => !l))
    throw new UserError(
      `${root} has no lineage record (written by an idgraph before incremental generation)`,
      'regenerate the base drop with this idgraph, then continue it',
    );
  const all = lineages as Lineage[];
  const max = (k: keyof Lineage['highWater']) => Math.max(...all.map((l) => l.highWater[k]));
  const lineage: Lineage = {
    ...first,
    highWater: {
      households: max('households'),
      campaigns: max('campaigns'),
      eventSeq: max('eventSeq'),
      exposureSeq: max('exposureSeq'),
      responseSeq: max('responseSeq'),
    },
  };
  // Ids are personId·2^20 + seq (events) and ·span (exposures, responses: 2^16, or 2^20 after a
  // base with many campaigns, src/gen/continue/path-ids.ts): refuse before they overflow.
  const { eventSeq, exposureSeq, responseSeq } = lineage.highWater;
  const span = lineageIdSpan(drop.config, lineage.history[0]);
  const used = (kind: string, n: number, room: number) =>
    new UserError(
      `the lineage of ${root} has used nearly all per-person ${kind} ids (${n} of ${room})`,
      'start a new lineage with `idgraph generate` (a new base) instead of continuing this one',
    );
  if (eventSeq > 2 ** 20 - 50_000) throw used('event', eventSeq, 2 ** 20);
  if (exposureSeq > span - 2_000) throw used('exposure', exposureSeq, span);
  // Response numbers are never counted on from this mark: a path's are derived (2n, 2n + 1 from the
  // bottom, late ones span − 1 − 2k from the top: src/gen/continue/path-ids.ts keeps the two apart),
  // so the mark reaches the span (all numbers up to the top, span − 1) by design. Past it a response
  // id would be the next person's: a manifest no idgraph writes, refused rather than continued.
  if (responseSeq > span)
    throw new UserError(
      `the lineage of ${root} records per-person response number ${responseSeq - 1}, past the ${span} a person has (id = individual_id·${span} + number): its ids would collide with the next person's`,
      'continue a drop written by idgraph (its manifest unedited), or start a new lineage with `idgraph generate`',
    );
  return { root, config: drop.config, fingerprint: drop.fingerprint, sha256: manifestSha256(root), lineage };
}
