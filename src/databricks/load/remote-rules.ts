import type { RunConfig } from '../../config/schema.js';
import { UserError } from '../../errors.js';
import { TABLES } from '../../schema/registry.js';
import { databricksDialect, qualifiedTable, type DatabricksTarget } from '../../sql/dialect-databricks.js';
import type { Rule, RuleResult } from '../../validate/rule.js';
import { allRules, type ValidationReport } from '../../validate/validate.js';
import { modelRules } from '../../validate/model-rules.js';
import type { Executor } from './executor.js';
import { schemaDifferences } from './schema-compat.js';

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

/** The statement that measures a rule: a count of offending rows, or the rule's own figure query. */
export const ruleStatement = (rule: Rule): string =>
  rule.kind === 'violations' ? `SELECT count(*) AS bad FROM (${rule.sql}) AS v` : rule.sql;

/** One rule on the warehouse; a statement error is a failed rule (with the message), not a crash. */
export async function runRuleRemote(executor: Executor, rule: Rule): Promise<RuleResult> {
  const base = { id: rule.id, table: rule.table, description: rule.description };
  if (rule.duckdbOnly) return { ...base, ok: true, figure: NaN, skipped: `DuckDB only: ${rule.duckdbOnly}` };
  try {
    if (rule.kind === 'violations') {
      const [row] = await executor.execute(ruleStatement(rule));
      const figure = Number(row?.bad ?? NaN);
      const examples =
        figure > 0
          ? (
              await executor.execute(
                `SELECT CAST(id AS STRING) AS id FROM (${rule.sql}) AS v ORDER BY 1 LIMIT ${EXAMPLES}`,
              )
            ).map((r) => String(r.id))
          : [];
      return { ...base, ok: figure === 0, figure, examples };
    }
    const [row] = await executor.execute(rule.sql);
    const figure = row?.figure === null || row?.figure === undefined ? NaN : Number(row.figure);
    const expected = rule.expect(Number(row?.n ?? 0));
    return { ...base, ok: figure >= expected[0] && figure <= expected[1], figure, expected };
  } catch (err) {
    if (err instanceof UserError) throw err; // connection or authentication: not a rule outcome
    return { ...base, ok: false, figure: NaN, error: (err as Error).message.split('\n')[0] };
  }
}

export async function runRulesRemote(executor: Executor, rules: readonly Rule[]): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of rules) results.push(await runRuleRemote(executor, rule));
  return results;
}

/** `idgraph validate --engine databricks`: column names and types, then every rule, on the warehouse. */
export async function validateOnDatabricks(
  executor: Executor,
  target: DatabricksTarget,
  config: RunConfig,
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
  results.push(...(await runRulesRemote(executor, allRules(config, databricksDialect(target)))));
  const failed = results.filter((r) => !r.ok).length;
  return { ok: failed === 0, passed: results.length - failed, failed, results };
}
