import { UserError } from '../errors.js';
import { duckdbType } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { Rule, RuleResult } from './rule.js';

const EXAMPLES = 5;

/**
 * Anything that runs one SQL statement and returns its rows: DuckDB, the Databricks client, a
 * test double. One runner serves every engine through it, so skips and errors read the same.
 */
export interface SqlExecutor {
  execute(sql: string): Promise<Record<string, unknown>[]>;
}

export const duckExecutor = (db: Duck): SqlExecutor => ({ execute: (sql) => db.all(sql) });

/** The statement that measures a rule: a count of offending rows, or the rule's own figure query. */
export const ruleStatement = (rule: Rule): string =>
  rule.kind === 'violations' ? `SELECT count(*) AS bad FROM (${rule.sql}) AS v` : rule.sql;

const measured = (x: unknown): number => (x === null || x === undefined ? NaN : Number(x));

/**
 * One rule on one engine. A rule the engine cannot express, or a statistical rule with too few
 * rows for its own tolerance, is skipped; a failing statement is a failed rule carrying the
 * message. A UserError (connection, authentication) is not a rule outcome and propagates.
 * `stringType` is the engine's name for CAST(… AS <string>).
 */
export async function runRule(exec: SqlExecutor, rule: Rule, stringType = 'VARCHAR'): Promise<RuleResult> {
  const started = performance.now();
  const result = await measureRule(exec, rule, stringType);
  // Milliseconds are enough to rank rules; fewer digits keep --json readable.
  return { ...result, seconds: Math.round(performance.now() - started) / 1000 };
}

async function measureRule(exec: SqlExecutor, rule: Rule, stringType: string): Promise<RuleResult> {
  const base = { id: rule.id, table: rule.table, description: rule.description };
  if (rule.duckdbOnly)
    return { ...base, ok: true, status: 'skipped', figure: NaN, skipped: `DuckDB only: ${rule.duckdbOnly}` };
  try {
    if (rule.kind === 'violations') {
      if (rule.proof !== undefined && measured((await exec.execute(rule.proof))[0]?.bad) === 0)
        return { ...base, ok: true, status: 'passed', figure: 0, examples: [] };
      const [row] = await exec.execute(ruleStatement(rule));
      const figure = measured(row?.bad);
      if (Number.isNaN(figure)) throw new Error('the count query returned no row');
      const examples =
        figure > 0
          ? (
              await exec.execute(
                `SELECT CAST(id AS ${stringType}) AS id FROM (${rule.sql}) AS v ORDER BY 1 LIMIT ${EXAMPLES}`,
              )
            ).map((r) => String(r.id))
          : [];
      const ok = figure === 0;
      return { ...base, ok, status: ok ? 'passed' : 'failed', figure, examples };
    }
    if (rule.skipWhen) return { ...base, ok: true, status: 'skipped', figure: NaN, skipped: rule.skipWhen };
    const [row] = await exec.execute(rule.sql);
    const figure = measured(row?.figure);
    const n = Number(row?.n ?? 0);
    const expected = rule.expect(n);
    const minN = rule.minN ?? 1;
    if (!(n >= minN))
      return {
        ...base,
        ok: true,
        status: 'skipped',
        figure,
        expected,
        n,
        skipped: `n too small: n = ${n}, this rule's tolerance needs n ≥ ${minN}`,
      };
    const ok = figure >= expected[0] && figure <= expected[1];
    return { ...base, ok, status: ok ? 'passed' : 'failed', figure, expected, n };
  } catch (err) {
    // A statement the engine ran and rejected is this rule failing; any other user error
    // (connection, auth, TLS) stops the whole run.
    if (err instanceof UserError && !isStatementFailure(err)) throw err;
    return { ...base, ok: false, status: 'failed', figure: NaN, error: (err as Error).message.split('\n')[0] };
  }
}

/** Engines tag a rejected statement with `kind: 'statement'` (see DatabricksError). */
const isStatementFailure = (err: Error): boolean => (err as { kind?: unknown }).kind === 'statement';

/** `onRule(done, total)` after each rule, for progress. */
export async function runRules(
  exec: SqlExecutor,
  rules: readonly Rule[],
  stringType?: string,
  onRule?: (done: number, total: number) => void,
): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of rules) {
    results.push(await runRule(exec, rule, stringType));
    onRule?.(results.length, rules.length);
  }
  return results;
}

/** Column names and types of every table against the registry (partition columns aside). */
export async function schemaResults(db: Duck): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const t of TABLES) {
    // A table dropped from a database is a failed rule, not an internal error.
    const described = await db.all(`DESCRIBE "${t.name}"`).catch(() => undefined);
    if (!described) {
      results.push({
        id: `${t.name}.schema`,
        table: t.name,
        description: 'column names and types match the data model',
        ok: false,
        figure: 1,
        examples: ['table is missing'],
      });
      continue;
    }
    const actual = new Map(described.map((r) => [String(r.column_name), String(r.column_type)]));
    const problems: string[] = [];
    for (const c of t.columns) {
      const got = actual.get(c.name);
      if (got === undefined) problems.push(`${c.name}: missing`);
      else if (got !== duckdbType(c.type)) problems.push(`${c.name}: ${got}, expected ${duckdbType(c.type)}`);
    }
    const extra = [...actual.keys()].filter((k) => !t.columns.some((c) => c.name === k) && k !== t.partition?.column);
    for (const k of extra) problems.push(`${k}: not in the data model`);
    results.push({
      id: `${t.name}.schema`,
      table: t.name,
      description: 'column names and types match the data model',
      ok: problems.length === 0,
      figure: problems.length,
      examples: problems.slice(0, EXAMPLES),
    });
  }
  return results;
}
