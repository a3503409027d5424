import type { Drop } from '../drop/read-drop.js';
import type { Rule, RuleResult } from './rule.js';

/**
 * Entity tables an increment delivers as changes only (upserts of the rows that changed: moved
 * households, new people, identifiers new, seen again or gone quiet; src/gen/core-tables.ts).
 * The derived upsert tables (viewership, audience) and campaigns are delivered whole.
 */
export const DELTA_TABLES: readonly string[] = ['households', 'individuals', 'identity_mappings'];

const mentions = new RegExp(`\\b(${DELTA_TABLES.join('|')})\\b`);
/** Derived tables cover a rolling window reaching into earlier drops: not comparable with this drop's engagements alone. */
const derived = /\b(viewership_patterns|audience_attributes)\b/;
const events = /\bcontent_engagements\b/;
/**
 * A response may follow an exposure delivered by an earlier drop, and a path's outcomes, recomputed
 * when the increment adds a touch, credit responses of earlier drops (src/gen/continue/paths.ts).
 */
const responses = /\bresponse_events\b/;
const paths = /\b(campaign_exposures|outcome_metrics)\b/;
const needsLineage = (sql: string): boolean =>
  mentions.test(sql) || (derived.test(sql) && events.test(sql)) || (responses.test(sql) && paths.test(sql));

/** An increment drop (sequence > 0 in its lineage record). */
export const isIncrement = (drop: Drop): boolean => (drop.manifests[0]?.lineage?.sequence ?? 0) > 0;

/**
 * Splits the rules for validating one increment on its own: a rule that reads a delta table
 * cannot be judged without the rows of the drops before it (a foreign key to a person the
 * increment did not redeliver, the age mix of only the new people), so it is reported skipped
 * with the way to judge it: the increment loaded on top of its lineage (`validate --db`). So is
 * a rule comparing the derived tables with engagements: they cover a rolling window that reaches
 * into earlier drops (src/gen/continue/rolling.ts). So is a rule joining responses with exposures
 * or outcomes: a path spans drops.
 */
export function incrementScope(rules: readonly Rule[]): { run: Rule[]; skipped: RuleResult[] } {
  const run: Rule[] = [];
  const skipped: RuleResult[] = [];
  for (const r of rules) {
    if (!needsLineage(r.sql)) run.push(r);
    else
      skipped.push({
        id: r.id,
        table: r.table,
        description: r.description,
        ok: true,
        status: 'skipped',
        figure: Number.NaN,
        skipped: `an increment holds only the changed rows of ${DELTA_TABLES.join(', ')}, its own days of engagements, and responses and outcomes of paths begun in earlier drops: load it on its lineage and run validate --db`,
      });
  }
  return { run, skipped };
}
