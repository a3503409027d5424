import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrowSchema } from '../src/schema/derive/arrow-schema.js';
import { TABLES } from '../src/schema/registry.js';
import { PACKAGE_ROOT } from '../src/paths.js';

/** The data model as the product spec states it (docs/data-model.md is the committed copy of seed/data-model.md). */
const modelPath = join(PACKAGE_ROOT, 'docs', 'data-model.md');
const model = readFileSync(modelPath, 'utf8');

interface ModelColumn {
  name: string;
  type: string;
  constraints: string;
  description: string;
}
interface ModelTable {
  name: string;
  columns: ModelColumn[];
  indexes: string;
}

function parseModel(text: string): ModelTable[] {
  const tables: ModelTable[] = [];
  const sections = text.split(/\*\*Table\*\*: `[\w.]+?\.(\w+)`/);
  for (let i = 1; i < sections.length; i += 2) {
    const body = sections[i + 1];
    const rows = body.split('\n').filter((l) => l.startsWith('| `'));
    const columns = rows.map((row) => {
      const [, name, type, constraints, description] = row.split('|').map((c) => c.trim());
      return { name: name.replace(/`/g, ''), type: type.replace(/\s+/g, ''), constraints, description };
    });
    const indexes = /\*\*Indexes\*\*: (.*)/.exec(body)?.[1] ?? '';
    tables.push({ name: sections[i], columns, indexes });
  }
  return tables;
}

const modelTables = parseModel(model);

describe('table registry vs the data model document', () => {
  it('is the same document as the seed when the seed is at hand', () => {
    const seed = join(PACKAGE_ROOT, '..', 'shared', 'seed', 'data-model.md');
    if (existsSync(seed)) expect(readFileSync(seed, 'utf8')).toBe(model);
    expect(modelTables.map((t) => t.name)).toHaveLength(10);
  });

  it('declares the same ten tables in the dependency order', () => {
    expect(TABLES.map((t) => t.name)).toEqual(modelTables.map((t) => t.name));
  });

  for (const mt of modelTables) {
    describe(mt.name, () => {
      const table = TABLES.find((t) => t.name === mt.name)!;

      it('has the same columns, types and nullability', () => {
        expect(table.columns.map((c) => [c.name, c.type, c.nullable])).toEqual(
          mt.columns.map((c) => [c.name, c.type, !/NOT NULL/.test(c.constraints)]),
        );
      });

      it('has the same primary, foreign and unique keys', () => {
        const pk = mt.columns.filter((c) => /PRIMARY KEY/.test(c.constraints)).map((c) => c.name);
        expect([table.primaryKey]).toEqual(pk);
        const fks = mt.columns.flatMap((c) => {
          const m = /FOREIGN KEY REFERENCES (\w+)\((\w+)\)/.exec(c.constraints);
          return m ? [{ column: c.name, table: m[1], references: m[2] }] : [];
        });
        expect(table.foreignKeys).toEqual(fks);
        const uniques = mt.columns.filter((c) => /\bUNIQUE\b/.test(c.constraints)).map((c) => [c.name]);
        const composite = /`(\w+)` must be unique within `(\w+)`/.exec(
          model.split(`### `).find((s) => s.includes(`.${mt.name}\``)) ?? '',
        );
        if (composite) uniques.push([composite[2], composite[1]]);
        expect(table.unique).toEqual(uniques);
      });

      it('has a CHECK exactly where the model states one, with the same values and bounds', () => {
        for (const mc of mt.columns) {
          const col = table.columns.find((c) => c.name === mc.name)!;
          expect(Boolean(col.check), `${mt.name}.${mc.name}`).toBe(/CHECK/.test(mc.constraints));
          const between = /BETWEEN ([\d.]+) AND ([\d.]+)/.exec(mc.constraints);
          if (between) expect(col.check).toEqual({ kind: 'between', min: Number(between[1]), max: Number(between[2]) });
          const inList = /CHECK IN \((.*)\)/.exec(mc.constraints);
          if (inList) {
            // "(...)" means the values are listed in the description column.
            const source = inList[1] === '...' ? mc.description : inList[1];
            const values = [...source.matchAll(/'([^']+)'/g)].map((m) => m[1]);
            expect(col.check).toEqual({ kind: 'in', values });
          }
          const cmp = /CHECK \(\w+ (>=?) (\d+)\)/.exec(mc.constraints);
          if (cmp) expect(col.check).toEqual({ kind: 'compare', op: cmp[1], value: Number(cmp[2]) });
          const colCmp = /CHECK \((\w+) >= (\w+_\w+)\)/.exec(mc.constraints);
          if (colCmp && !/\d/.test(colCmp[2])) expect(col.check).toEqual({ kind: 'gteColumn', column: colCmp[2] });
          const def = /DEFAULT (\w+)/.exec(mc.constraints);
          expect(col.defaultSql ?? null, `${mt.name}.${mc.name} default`).toBe(def ? def[1] : null);
        }
      });

      it('lists the documented domain values of enumerated columns', () => {
        for (const mc of mt.columns.filter((c) => !/CHECK/.test(c.constraints) && /^'/.test(c.description))) {
          const col = table.columns.find((c) => c.name === mc.name)!;
          const documented = [...mc.description.matchAll(/'([^']+)'/g)].map((m) => m[1]);
          // "etc." lists are open: the registry may add values, never drop the documented ones.
          expect(col.values, `${mt.name}.${mc.name}`).toEqual(expect.arrayContaining(documented));
          if (!/etc\./.test(mc.description)) expect(col.values).toHaveLength(documented.length);
        }
      });

      it('has the same Z-order columns and date partition', () => {
        const z = /Z-Ordered by ([`\w, ]+)/.exec(mt.indexes)?.[1] ?? '';
        expect(table.zorder).toEqual(
          z
            .replace(/`/g, '')
            .split(',')
            .map((c) => c.trim())
            .filter(Boolean),
        );
        const part = /Partitioned by DATE\((\w+)\)/.exec(mt.indexes);
        expect(table.partition?.source ?? null).toBe(part ? part[1] : null);
      });

      it('derives an Arrow schema with every column and its nullability', () => {
        const schema = arrowSchema(table);
        expect(schema.fields.map((f) => [f.name, f.nullable])).toEqual(table.columns.map((c) => [c.name, c.nullable]));
      });
    });
  }
});
