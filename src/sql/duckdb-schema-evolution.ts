import { UserError } from '../errors.js';
import { duckdbType, quoteIdent as q } from '../schema/derive/sql-types.js';
import { TABLES } from '../schema/registry.js';
import type { Table } from '../schema/types.js';
import type { Duck } from './duckdb-connection.js';

/**
 * Additive schema evolution: an existing table may lack trailing nullable columns the registry
 * (hence the drop) has; they are added first (`ALTER TABLE … ADD COLUMN`, run inside the load's
 * transaction, so a failed load takes them back). Any other difference — a column missing from
 * the drop, another type, another order, a new NOT NULL column — is refused, never dropped.
 * Returns the statements to run.
 */
export async function schemaEvolution(
  db: Duck,
  existing: Set<string>,
  tables: readonly Table[] = TABLES,
): Promise<string[]> {
  const alters: string[] = [];
  for (const t of tables.filter((t) => existing.has(t.name))) {
    const got = (await db.all(`DESCRIBE ${q(t.name)}`)).map((c) => ({
      name: String(c.column_name),
      type: String(c.column_type),
    }));
    const want = t.columns.map((c) => ({ name: c.name, type: duckdbType(c.type), nullable: c.nullable }));
    const refuse = (what: string) =>
      new UserError(
        `table ${t.name} in the database differs from the drop's schema: ${what}; only new nullable columns at the end can be added`,
        'load into another --db, or drop that table yourself if it is disposable; nothing was loaded',
      );
    for (let i = 0; i < got.length; i++) {
      const w = want[i];
      if (!w) throw refuse(`the database has column ${got[i].name} the drop lacks`);
      if (w.name !== got[i].name)
        throw refuse(`column ${i + 1} is ${got[i].name} in the database, ${w.name} in the drop`);
      if (w.type !== got[i].type)
        throw refuse(`column ${w.name} is ${got[i].type} in the database, ${w.type} in the drop`);
    }
    for (const w of want.slice(got.length)) {
      if (!w.nullable) throw refuse(`new column ${w.name} is NOT NULL (existing rows would have no value)`);
      alters.push(`ALTER TABLE ${q(t.name)} ADD COLUMN ${q(w.name)} ${w.type}`);
    }
  }
  return alters;
}
