import type { RunConfig } from '../../config/schema.js';
import { UserError } from '../../errors.js';
import type { Lineage } from '../../lineage/types.js';
import { databricksDialect, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import type { SqlDialect } from '../../sql/dialect.js';
import { latestRulesConfig, latestWindowFilters, scopedDialect, windowDays } from '../../validate/latest-window.js';
import type { Executor } from './executor.js';
import { LINEAGE_TABLE, lineageStatements, loadedDrops, NO_LINEAGE_YET } from './lineage.js';

/** The drop whose config `validate --engine databricks` judges with. */
export interface ValidatedDrop {
  fingerprint: string;
  config: RunConfig;
  lineage?: Lineage;
}

/**
 * How `validate --engine databricks` reads a schema: as of its latest drop, the way `validate --db`
 * reads a DuckDB file (src/validate/latest-window.ts, the one definition of the latest window's
 * rows). The schema's `_idgraph_lineage` says which drop is latest. A schema of one drop, or loaded
 * before lineages, is read whole. The drop given must be that latest drop: its config and window
 * are what the rules expect, and judging base + increments with an earlier drop's config would
 * fail rules that hold. The base's window length comes from the drop's own lineage history.
 */
export async function latestScope(
  executor: Executor,
  target: DatabricksTarget,
  drop: ValidatedDrop,
): Promise<{ dialect: SqlDialect; config: RunConfig; scoped: boolean }> {
  const d = databricksDialect(target);
  const whole = { dialect: d, config: drop.config, scoped: false };
  let rows: Record<string, unknown>[];
  try {
    rows = await executor.execute(lineageStatements(target, undefined, undefined).read);
  } catch (err) {
    // No record: nothing loaded by idgraph with lineages, so one drop at most.
    if (NO_LINEAGE_YET.test((err as Error).message)) return whole;
    throw err;
  }
  const latest = loadedDrops(rows).at(-1);
  if (!latest) return whole;
  if (latest.fingerprint !== drop.fingerprint)
    throw new UserError(
      `schema ${target.catalog}.${target.schema} holds drops up to ${latest.fingerprint} (sequence ${latest.sequence}, per ${LINEAGE_TABLE}); the drop given is ${drop.fingerprint}`,
      `pass the latest drop loaded there (its folder, or --from its staging location): the schema is judged as of that drop`,
    );
  if (latest.sequence === 0 || !drop.lineage) return whole;
  const base = drop.lineage.history[0];
  const days = windowDays(base.start, base.end);
  const filters = latestWindowFilters(d, drop.config, days, d.qualify);
  return { dialect: scopedDialect(d, filters), config: latestRulesConfig(drop.config, days), scoped: true };
}
