import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbCreateTable } from '../src/schema/derive/ddl-duckdb.js';
import { getTable, TABLES } from '../src/schema/registry.js';
import type { Table } from '../src/schema/types.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { schemaEvolution } from '../src/sql/duckdb-schema-evolution.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

/** Creates a database file holding `tables` (registry variants), as an older idgraph would have. */
async function databaseWith(file: string, tables: Table[]): Promise<void> {
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  for (const t of tables) await conn.run(duckdbCreateTable(t, t.name, { keys: false }));
  conn.closeSync();
  db.closeSync();
}

const describeTable = async (file: string, table: string) => {
  const r = cli(['sql', '--db', file, '--json', `SELECT column_name, column_type FROM (DESCRIBE ${table})`]);
  return JSON.parse(r.stdout) as { column_name: string; column_type: string }[];
};

/** Issue 13: additive schema evolution — extra nullable columns are added, anything else refused. */
describe('additive schema evolution on load', () => {
  const dir = tempDir();
  const drop = join(dir, 'drop');
  beforeAll(() => {
    const r = cli([
      'generate',
      '-n',
      '80',
      '-w',
      '1',
      '--set',
      'output.chunkHouseholds=64',
      '--set',
      'window.length=7d',
      '--out',
      drop,
    ]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds a nullable column the database lacks (older table), then loads its values', async () => {
    const file = join(dir, 'older.duckdb');
    const engagements = getTable('content_engagements');
    expect(engagements.columns.at(-1)).toMatchObject({ name: 'session_id', nullable: true });
    await databaseWith(file, [{ ...engagements, columns: engagements.columns.slice(0, -1) }]);
    const r = cli(['load', drop, '--db', file]);
    expect(r.code, r.stderr).toBe(0);
    expect((await describeTable(file, 'content_engagements')).map((c) => c.column_name)).toContain('session_id');
    const nulls = cli([
      'sql',
      '--db',
      file,
      '--json',
      'SELECT count(*)::INT AS n FROM content_engagements WHERE session_id IS NULL',
    ]);
    expect(JSON.parse(nulls.stdout)[0].n).toBe(0);
  });

  it('plans ALTER TABLE … ADD COLUMN for a registry variant with one more nullable column', async () => {
    const db = await openDuck();
    try {
      for (const t of TABLES) await db.run(duckdbCreateTable(t));
      const households = getTable('households');
      const variant = TABLES.map((t) =>
        t === households
          ? {
              ...t,
              columns: [
                ...t.columns,
                { name: 'dwelling_age', type: 'INT' as const, nullable: true, description: 'Years since built' },
              ],
            }
          : t,
      );
      const existing = new Set(TABLES.map((t) => t.name));
      const alters = await schemaEvolution(db, existing, variant);
      expect(alters).toEqual(['ALTER TABLE "households" ADD COLUMN "dwelling_age" INTEGER']);
      for (const a of alters) await db.run(a);
      expect(await schemaEvolution(db, existing, variant)).toEqual([]);
      // Non-additive differences are refused, naming the column.
      const notNull = TABLES.map((t) =>
        t === households
          ? {
              ...t,
              columns: [...variant[0].columns, { name: 'x', type: 'INT' as const, nullable: false, description: '' }],
            }
          : t,
      );
      await expect(schemaEvolution(db, existing, notNull)).rejects.toThrow(/new column x is NOT NULL/);
      const retyped = TABLES.map((t) =>
        t === households
          ? {
              ...t,
              columns: t.columns.map((c) => (c.name === 'household_size' ? { ...c, type: 'BIGINT' as const } : c)),
            }
          : t,
      );
      await expect(schemaEvolution(db, existing, retyped)).rejects.toThrow(
        /column household_size is INTEGER in the database, BIGINT in the drop/,
      );
    } finally {
      db.close();
    }
  });

  it('refuses a table with another column type and leaves the database unchanged', async () => {
    const file = join(dir, 'retyped.duckdb');
    const households = getTable('households');
    await databaseWith(file, [
      {
        ...households,
        columns: households.columns.map((c) => (c.name === 'household_size' ? { ...c, type: 'BIGINT' as const } : c)),
      },
    ]);
    const r = cli(['load', drop, '--db', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /table households in the database differs from the drop's schema: column household_size is BIGINT in the database, INTEGER in the drop/,
    );
    const tables = cli([
      'sql',
      '--db',
      file,
      '--json',
      "SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_schema = 'main'",
    ]);
    expect(JSON.parse(tables.stdout)[0].n).toBe(1);
  });
});
