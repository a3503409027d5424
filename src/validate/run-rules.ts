import { duckdbType } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Duck } from '../sql/duckdb-connection.js';
import type { Rule, RuleResult } from './rule.js';

const EXAMPLES = 5;

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

export async function runRule(db: Duck, rule: Rule): Promise<RuleResult> {
  const base = { id: rule.id, table: rule.table, description: rule.description };
  try {
    if (rule.kind === 'violations') {
      const [{ bad }] = await db.all(`SELECT count(*) AS bad FROM (${rule.sql})`);
      const figure = Number(bad);
      const examples =
        figure === 0
          ? []
          : (await db.all(`SELECT CAST(id AS VARCHAR) AS id FROM (${rule.sql}) ORDER BY 1 LIMIT ${EXAMPLES}`)).map(
              (r) => String(r.id),
            );
      return { ...base, ok: figure === 0, figure, examples };
    }
    const [row] = await db.all(rule.sql);
    const figure = row.figure === null ? NaN : Number(row.figure);
    const expected = rule.expect(Number(row.n ?? 0));
    return { ...base, ok: figure >= expected[0] && figure <= expected[1], figure, expected };
  } catch (err) {
    return { ...base, ok: false, figure: NaN, error: (err as Error).message.split('\n')[0] };
  }
}

export async function runRules(db: Duck, rules: readonly Rule[]): Promise<RuleResult[]> {
  const results: RuleResult[] = [];
  for (const rule of rules) results.push(await runRule(db, rule));
  return results;
}
