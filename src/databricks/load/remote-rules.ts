import type { RunConfig } from '../../config/schema.js';
import { UserError } from '../../errors.js';
import { TABLES } from '../../schema/registry.js';
import { databricksDialect, qualifiedTable, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import { type Rule, type RuleResult, summarize } from '../../validate/rule.js';
import { ruleStatement, runRule, runRules } from '../../validate/run-rules.js';
import { allRules, type ValidationReport } from '../../validate/validate.js';
import { modelRules } from '../../validate/model-rules.js';
import type { Executor } from './executor.js';
import { schemaDifferences } from './schema-compat.js';
import { latestScope, type ValidatedDrop } from './latest-scope.js';

export { ruleStatement };

const EXAMPLES = 5;

/** The data model's four "Validation Queries", by rule id: what a load runs on the warehouse. */
export const DATA_MODEL_QUERIES = [
  'individuals.orphaned_individuals',
  'response_events.temporal_violations',
  'identity_mappings.avg_identifiers_per_person',
  'campaign_exposures.out_of_campaign_period',
] as const;

export const dataModelQueries = (config: RunConfig, target: DatabricksTarget): Rule[] =>
  modelRules(config, databricksDialect(target)).filter((r) => (DATA_MODEL_QUERIES as readonly string[]).includes(r.id));

/** Databricks spells CAST(… AS <string>) as STRING. */
const STRING = 'STRING';

/** One rule on the warehouse, through the same runner as DuckDB (skips and errors alike). */
export const runRuleRemote = (executor: Executor, rule: Rule): Promise<RuleResult> => runRule(executor, rule, STRING);

export const runRulesRemote = (
  executor: Executor,
  rules: readonly Rule[],
  onRule?: (done: number, total: number) => void,
): Promise<RuleResult[]> => runRules(executor, rules, STRING, onRule);

/**
 * `idgraph validate --engine databricks`: column names and types, then every rule, on the
 * warehouse; a schema holding base + increments as of its latest drop (latest-scope.ts).
 */
export async function validateOnDatabricks(
  executor: Executor,
  target: DatabricksTarget,
  drop: ValidatedDrop,
  onRule?: (done: number, total: number) => void,
): Promise<ValidationReport> {
  const results: RuleResult[] = [];
  for (const t of TABLES) {
    const base = { id: `${t.name}.schema`, table: t.name, description: 'column names and types match the data model' };
    try {
      const problems = schemaDifferences(t, await executor.execute(`DESCRIBE TABLE ${qualifiedTable(target, t.name)}`));
      results.push({
        ...base,
        ok: problems.length === 0,
        figure: problems.length,
        examples: problems.slice(0, EXAMPLES),
      });
    } catch (err) {
      if (err instanceof UserError) throw err;
      results.push({ ...base, ok: false, figure: NaN, error: (err as Error).message.split('\n')[0] });
    }
  }
  const scope = await latestScope(executor, target, drop);
  results.push(...(await runRulesRemote(executor, allRules(scope.config, scope.dialect), onRule)));
  return summarize(results);
}
