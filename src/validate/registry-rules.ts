import { checkSql } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import { duckdbDialect, type SqlDialect } from '../sql/dialect.js';
import type { Rule } from './rule.js';

/** Rules derived from the registry alone: NOT NULL, CHECK, domains, primary, unique and foreign keys. */
export function registryRules(d: SqlDialect = duckdbDialect): Rule[] {
  const q = d.ident;
  const rules: Rule[] = [];
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
          sql: `SELECT ${pk} AS id FROM ${from} WHERE ${col} NOT IN (${c.values.map(d.literal).join(', ')})`,
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
        sql: `SELECT concat_ws('/', ${key.map((k) => `CAST(${q(k)} AS ${d.stringType})`).join(', ')}) AS id FROM ${from} GROUP BY ${cols} HAVING count(*) > 1`,
      });
    }
    for (const fk of t.foreignKeys) {
      rules.push({
        id: `${t.name}.${fk.column}.foreign_key`,
        table: t.name,
        kind: 'violations',
        description: `FOREIGN KEY ${fk.column} → ${fk.table}(${fk.references})`,
        sql: `SELECT c.${pk} AS id FROM ${from} c LEFT JOIN ${d.qualify(q(fk.table))} p ON c.${q(fk.column)} = p.${q(fk.references)} WHERE c.${q(fk.column)} IS NOT NULL AND p.${q(fk.references)} IS NULL`,
      });
    }
  }
  return rules;
}
