import { DuckDBInstance } from '@duckdb/node-api';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { isDuckDbFile } from '../src/sql/duckdb-file.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { sharedDrop } from './helpers/shared-drops.js';

/** Issue 9, "a database path must be a database". */
describe('a database path must be a database', () => {
  const temps: string[] = [];
  const temp = () => {
    const dir = tempDir();
    temps.push(dir);
    return dir;
  };
  let drop: string;
  beforeAll(async () => {
    // Read only (databases go elsewhere, a change is made to a copy): the run's shared drop.
    drop = await sharedDrop('small');
  });
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('recognises the header DuckDB itself writes, and nothing else', async () => {
    const path = join(temp(), 'real.duckdb');
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    await conn.run('CREATE TABLE t (a INT)');
    conn.closeSync();
    instance.closeSync();
    expect(readFileSync(path).subarray(8, 12).toString('ascii')).toBe('DUCK');
    expect(await isDuckDbFile(path)).toBe(true);
    const parquet = join(drop, readDrop(drop).files[0].path);
    expect(await isDuckDbFile(parquet)).toBe(false);
  });

  for (const [kind, body] of [
    ['.json', '{"a": 1}\n'],
    ['.csv', 'a,b\n1,2\n'],
    ['.parquet', null],
  ] as const) {
    it(`load --db refuses an existing ${kind} file and leaves it untouched`, () => {
      const path = join(temp(), `data${kind}`);
      if (body === null) cpSync(join(drop, readDrop(drop).files[0].path), path);
      else writeFileSync(path, body);
      const before = readFileSync(path);
      const r = cli(['load', drop, '--db', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${path} is not a DuckDB database`);
      expect(readFileSync(path).equals(before)).toBe(true);
      expect(existsSync(`${path}.wal`)).toBe(false);
    });
  }

  it('validate --db and sql --db on a missing file create nothing', () => {
    const path = join(temp(), 'missing.duckdb');
    for (const args of [
      ['validate', '--db', path],
      ['sql', '--db', path, 'SELECT 1'],
    ]) {
      const r = cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(`no database at ${path}`);
      expect(existsSync(path), args[0]).toBe(false);
    }
  });

  it('a failed load leaves no new database file behind', () => {
    const dir = join(temp(), 'drop');
    cpSync(drop, dir, { recursive: true });
    const victim = readDrop(dir).files[0];
    writeFileSync(join(dir, victim.path), 'not parquet');
    const path = join(temp(), 'new.duckdb');
    const r = cli(['load', dir, '--db', path]);
    expect(r.code).toBe(2);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(`${path}.wal`)).toBe(false);
  });

  it('run --overwrite never deletes a database another process holds open', async () => {
    const out = join(temp(), 'out');
    const small = ['--households', '100', '--set', 'output.chunkHouseholds=64', '--workers', '1'];
    expect(cli(['run', '--out', out, '--no-validate', ...small]).code).toBe(0);
    const db = join(out, 'idgraph.duckdb');
    // This test process holds the database open, as a notebook or the DuckDB CLI would.
    const instance = await DuckDBInstance.create(db);
    try {
      const r = cli(['run', '--out', out, '--overwrite', '--no-validate', ...small]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/is open in another process/);
      expect(await isDuckDbFile(db)).toBe(true);
      expect(existsSync(join(out, '_manifest.json'))).toBe(true);
    } finally {
      instance.closeSync();
    }
    // Once closed, the overwrite goes ahead.
    expect(cli(['run', '--out', out, '--overwrite', '--no-validate', ...small]).code).toBe(0);
  });
});
