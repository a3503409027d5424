import { checkSql } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule, SharedAggregate } from './rule.js';
import { engagementsByPerson, sharedRef } from './shared-aggregates.js';

/** Rules derived from the registry alone: NOT NULL, CHECK, domains, primary, unique and foreign keys. */
export function registryRules(d: SqlDialect = duckdbDialect): Rule[] {
  const q = d.ident;
  const rules: Rule[] = [];
  const keyAggregates = distinctKeys(d);
  for (const t of TABLES) {
    const pk = q(t.primaryKey);
    const from = d.qualify(q(t.name));
    for (const c of t.columns) {
      const col = q(c.name);
      if (!c.nullable) {
        rules.push({
          id: `${t.name}.${c.name}.not_null`,
          table: t.name,
          kind: 'violations',
          description: `${c.name} is NOT NULL`,
          sql: `SELECT ${pk} AS id FROM ${from} WHERE ${col} IS NULL`,
        });
      }
      if (c.check) {
        rules.push({
          id: `${t.name}.${c.name}.check`,
          table: t.name,
          kind: 'violations',
          description: `CHECK (${checkSql(c.name, c.check)})`,
          sql: `SELECT ${pk} AS id FROM ${from} WHERE NOT (${d.check(c.name, c.check)})`,
        });
      }
      if (c.values) {
        rules.push({
          id: `${t.name}.${c.name}.domain`,
          table: t.name,
          kind: 'violations',
          description: `${c.name} in (${c.values.join(', ')})`,
          sql: `SELECT ${pk} AS id FROM ${from} WHERE ${d.notIn(col, c.values)}`,
        });
      }
    }
    for (const key of [[t.primaryKey], ...t.unique]) {
      const cols = key.map(q).join(', ');
      const kind = key.length === 1 && key[0] === t.primaryKey ? 'primary_key' : `unique(${key.join(',')})`;
      rules.push({
        id: `${t.name}.${kind}`,
        table: t.name,
        kind: 'violations',
        description: `${kind === 'primary_key' ? 'PRIMARY KEY' : 'UNIQUE'} (${key.join(', ')})`,
        sql:
          d.name === 'duckdb' && key.length === 1
            ? duplicatesBySort(q(key[0]), from, d.stringType)
            : `SELECT concat_ws('/', ${key.map((k) => `CAST(${q(k)} AS ${d.stringType})`).join(', ')}) AS id FROM ${from} GROUP BY ${cols} HAVING count(*) > 1`,
        ...(d.name === 'duckdb' && {
          proof: key.length > 1 ? distinctHashes(cols, from) : noEqualNeighbours(q(key[0]), from),
        }),
      });
    }
    for (const fk of t.foreignKeys) {
      // Rows of `child` whose key has no parent row.
      const orphans = (child: string) =>
        `FROM ${child} c LEFT JOIN ${d.qualify(q(fk.table))} p ON c.${q(fk.column)} = p.${q(fk.references)} WHERE c.${q(fk.column)} IS NOT NULL AND p.${q(fk.references)} IS NULL`;
      const distinct = keyAggregates[`${t.name}.${fk.column}`];
      rules.push({
        id: `${t.name}.${fk.column}.foreign_key`,
        table: t.name,
        kind: 'violations',
        description: `FOREIGN KEY ${fk.column} → ${fk.table}(${fk.references})`,
        sql: `SELECT c.${pk} AS id ${orphans(from)}`,
        ...(distinct && {
          proof: `SELECT count(*) AS bad ${orphans(sharedRef(distinct))}`,
          shared: [distinct],
        }),
      });
    }
  }
  return rules;
}

/**
 * Shared aggregates holding one row per distinct value of a table's foreign key (by `table.column`):
 * the key is checked on those rows instead of on every row of the table (112M engagements of 1M
 * households: 0.65 s), and the aggregate is there anyway for the rules that need it.
 */
const distinctKeys = (d: SqlDialect): Record<string, SharedAggregate | undefined> => ({
  'content_engagements.individual_id': engagementsByPerson(d),
});

/**
 * Each value of `col` held by more than one row of `from`, once (NULL counts as a value, as in
 * GROUP BY): the first row of every run of equal values in sorted order that has a successor in
 * the run. The same ids as GROUP BY … HAVING count(*) > 1, but DuckDB sorts the 112M event ids of
 * 1M households in ~30% less CPU than it hashes them (and spills less under memory_limit). Only
 * for DuckDB: on Spark an unpartitioned window runs on one executor.
 */
function duplicatesBySort(col: string, from: string, stringType: string): string {
  return `SELECT concat_ws('/', CAST(k AS ${stringType})) AS id FROM (SELECT ${col} AS k, lag(${col}) OVER w AS prev, lead(${col}) OVER w AS next,
      row_number() OVER w AS i FROM ${from} WINDOW w AS (ORDER BY ${col})) s
    WHERE k IS NOT DISTINCT FROM next AND (i = 1 OR k IS DISTINCT FROM prev)`;
}

/**
 * 0 when the hashes of the key's columns are all distinct, so the keys are (equal keys hash
 * alike, NULLs included): one sort of 64-bit integers instead of grouping the key's strings
 * (identity_mappings' (identifier_type, identifier_value): 0.3 s CPU against 0.7 s at 250K
 * households). A collision, or a real duplicate, sends the rule to its own query.
 */
function distinctHashes(cols: string, from: string): string {
  return `SELECT count(*) AS bad FROM (SELECT h, lead(h) OVER (ORDER BY h) AS next FROM (SELECT hash(${cols}) AS h FROM ${from}) x) s WHERE h = next`;
}

/**
 * 0 when no value of `col` follows an equal one in sorted order and at most one row is NULL, so
 * the key is unique: one window function over the sort instead of the three that name the
 * duplicates (2.0 s CPU against 2.3 s for the 28M engagement ids of 250K households).
 */
function noEqualNeighbours(col: string, from: string): string {
  return `SELECT count(*) FILTER (WHERE k = next) + CASE WHEN count(*) FILTER (WHERE k IS NULL) > 1 THEN 1 ELSE 0 END AS bad
    FROM (SELECT ${col} AS k, lead(${col}) OVER (ORDER BY ${col}) AS next FROM ${from}) s`;
}
