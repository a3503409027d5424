import type { RunConfig } from '../config/schema.js';
import type { SqlDialect } from '../sql/dialect.js';

/**
 * Distribution and correlation rules over the event tables (a figure against a tolerance: daily
 * curves, hourly and weekly cycles, reach on and off target, ad volume and responses by activity
 * or propensity, recency by activity) are statistical estimates, and at a million households
 * they cost most of `validate --db` (issue 12: 30 s at 1M). Above 2 × SUBSET_HOUSEHOLDS households
 * they are computed on a deterministic subset of people: those whose individual_id hashes to 0
 * modulo K, K = ⌊households ÷ SUBSET_HOUSEHOLDS⌋, so about SUBSET_HOUSEHOLDS households' people
 * remain (at the default config ~5.6M engagements in ~2.2M sessions, ~2.2M exposures, ~125K
 * people). Their `n` is the subset's, so their tolerances stay honest. Below that every row
 * counts (K = 1, the SQL has no subset at all). Constraint rules (keys, foreign keys, CHECKs,
 * NULLs, consistency) never sample.
 */
export const SUBSET_HOUSEHOLDS = 50_000;

/** K: 1 in K people judged by the estimated rules (1: everyone). */
export const subsetModulus = (config: RunConfig): number =>
  Math.max(1, Math.floor(config.households / SUBSET_HOUSEHOLDS));

/** A subset of people, rendered for one dialect: `where(col)` is the predicate (or `TRUE` when everyone counts). */
export interface PeopleSubset {
  k: number;
  /** The condition on a person id column; `TRUE` when k = 1. */
  on(id: string): string;
  /** ` WHERE <on(id)>` or '' when k = 1 (the SQL unchanged at small scale). */
  where(id: string): string;
  /** ` AND <on(id)>` or '' when k = 1. */
  and(id: string): string;
  /** Appended to a rule's description when k > 1. */
  note: string;
}

export function peopleSubset(config: RunConfig, d: SqlDialect): PeopleSubset {
  const k = subsetModulus(config);
  const on = (id: string) => (k === 1 ? 'TRUE' : d.inSubset(id, k));
  return {
    k,
    on,
    where: (id) => (k === 1 ? '' : ` WHERE ${on(id)}`),
    and: (id) => (k === 1 ? '' : ` AND ${on(id)}`),
    note: k === 1 ? '' : ` [estimated on 1 in ${k} people, by a hash of individual_id]`,
  };
}
