import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TABLES } from '../src/schema/registry.js';
import type { Column } from '../src/schema/types.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

const dir = tempDir('idgraph-preview-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CONFIG = ['-n', '300', '-s', '9', '--set', 'output.chunkHouseholds=64', '--set', 'window.length=14d'];

/** A column as DuckDB renders it in the preview's JSON conventions, read from the Parquet files. */
function asPreviewJson(c: Column): string {
  const q = `"${c.name}"`;
  if (c.type === 'TIMESTAMP') return `strftime(${q}, '%Y-%m-%dT%H:%M:%S.%fZ') AS ${q}`;
  if (c.type === 'DATE') return `strftime(${q}, '%Y-%m-%d') AS ${q}`;
  if (c.type === 'BIGINT' || c.type.startsWith('DECIMAL')) return `CAST(${q} AS DOUBLE) AS ${q}`;
  if (c.type.startsWith('MAP')) return `CAST(to_json(${q}) AS VARCHAR) AS ${q}`;
  return q;
}

describe('idgraph preview', () => {
  it('prints the rows a generated drop of the same config holds (read back by DuckDB), and writes nothing', async () => {
    const cwd = join(dir, 'cwd');
    const generated = cli(['generate', ...CONFIG, '--out', join(dir, 'drop')]);
    expect(generated.code, generated.stderr).toBe(0);
    mkdirSync(cwd);
    const r = cli(['preview', ...CONFIG, '--rows', '4', '--json'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual([]);
    const preview = JSON.parse(r.stdout) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(preview)).toEqual(TABLES.map((t) => t.name));
    const db = await duck();
    try {
      await db.rows("SET TimeZone = 'UTC'");
      for (const table of TABLES) {
        const rows = preview[table.name];
        expect(rows, table.name).toHaveLength(4);
        const pk = table.primaryKey;
        const ids = rows.map((row) => row[pk]);
        const fromDrop = await db.rows(
          `SELECT ${table.columns.map(asPreviewJson).join(', ')} FROM ${tableGlob(join(dir, 'drop'), table.name)}
           WHERE "${pk}" IN (${ids.join(', ')})`,
        );
        const byId = new Map(fromDrop.map((row) => [row[pk], row]));
        for (const row of rows) {
          const expected = { ...byId.get(row[pk])! };
          for (const c of table.columns)
            if (c.type.startsWith('MAP') && expected[c.name] !== null)
              expected[c.name] = JSON.parse(expected[c.name] as string);
          expect(row, `${table.name} ${pk}=${row[pk]}`).toEqual(expected);
        }
      }
    } finally {
      db.close();
    }
  });

  it('prints one table as a text table with the row count and where the rows come from', () => {
    const r = cli(['preview', '--table', 'households', '--rows', '3', '-n', '50']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('households (3 rows)');
    expect(lines[1].split(/\s+/)).toEqual(TABLES[0].columns.map((c) => c.name));
    expect(lines.slice(3, 6).map((l) => l.split(/\s+/)[0])).toEqual(['1', '2', '3']);
    expect(r.stdout).not.toContain('individuals');
    expect(lines.at(-1)).toMatch(/^from the first 16 households of seed 42; nothing was written$/);
  });

  it('stops at the configured households: -n 2 shows the two there are', () => {
    const r = cli(['preview', '--table', 'households', '-n', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).households.map((h: { household_id: number }) => h.household_id)).toEqual([1, 2]);
  });

  it.each([
    [['--table', 'nope'], /unknown table 'nope'\n {2}fix: --table takes one of households, individuals/],
    [['--rows', '0'], /--rows must be a whole number from 1 to 1000 \(got '0'\)/],
    [
      ['--table', 'campaigns', '--set', 'output.tables=core'],
      /table campaigns is not generated with output\.tables: core/,
    ],
    [['--set', 'households=0'], /households: must be at least 1/],
  ])('refuses %j with one message and exit 2', (args, message) => {
    const r = cli(['preview', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
