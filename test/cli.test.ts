import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';

// Two weeks: nothing here needs the default 90 days.
const small = [
  '--households',
  '300',
  '--set',
  'output.chunkHouseholds=64',
  '--set',
  'window.length=14d',
  '--workers',
  '2',
];

describe('idgraph CLI end to end', () => {
  it('explains every command and option in --help', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const cmd of ['run', 'generate', 'load', 'validate', 'sql']) expect(top.stdout).toContain(cmd);
    const gen = cli(['generate', '--help']);
    for (const opt of [
      '--households',
      '--seed',
      '--config',
      '--set',
      '--out',
      '--workers',
      '--block-size',
      '--shard',
      '--overwrite',
    ])
      expect(gen.stdout).toContain(opt);
  });

  it('runs generate → load → validate, loads a second time adding nothing, and answers SQL', () => {
    const out = join(tempDir(), 'out');
    const run = cli(['run', '--out', out, ...small]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\d+ checks passed/);
    expect(run.stdout).not.toMatch(/^FAIL/m);
    expect(run.stdout).toContain('idgraph sql --db');
    const db = join(out, 'idgraph.duckdb');
    const count = () =>
      Number(
        JSON.parse(cli(['sql', '--db', db, '--json', 'SELECT count(*) AS n FROM content_engagements']).stdout)[0].n,
      );
    const before = count();
    expect(before).toBeGreaterThan(1000);

    const again = cli(['load', out, '--json']);
    expect(again.code).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(Object.values(result.inserted as Record<string, number>).every((n) => n === 0)).toBe(true);
    expect(result.loadedFiles).toBe(0);
    expect(result.skippedFiles).toBeGreaterThan(10);
    expect(count()).toBe(before);

    const table = cli([
      'sql',
      '--db',
      db,
      'SELECT income_bracket, count(*) AS n FROM households GROUP BY 1 ORDER BY 1',
    ]);
    expect(table.stdout).toMatch(/income_bracket\s+n/);
    expect(table.stdout).toContain('(5 rows)');

    const validate = cli(['validate', '--db', db, '--json']);
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout).ok).toBe(true);
  });

  it('refuses a non-empty output folder without --overwrite and replaces the drop with it', () => {
    const out = join(tempDir(), 'out');
    expect(cli(['generate', '--out', out, ...small]).code).toBe(0);
    const refused = cli(['generate', '--out', out, ...small]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty.*\n.*--overwrite/);
    expect(cli(['generate', '--out', out, '--overwrite', ...small]).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const foreign = cli(['generate', '--out', out, '--overwrite', ...small]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('notes.txt');
    expect(readdirSync(out)).toContain('notes.txt');
  });

  it('gives one clear message and exit 2 for a path that is not a drop', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'empty'));
    for (const args of [
      ['validate', join(dir, 'empty')],
      ['load', join(dir, 'empty')],
      ['validate', join(dir, 'missing')],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/idgraph: .*(not an idgraph drop|not a directory)/);
    }
  });

  it('refuses a drop of another schema version', () => {
    const out = join(tempDir(), 'out');
    expect(cli(['generate', '--out', out, ...small]).code).toBe(0);
    const manifest = join(out, '_manifest.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    writeFileSync(manifest, JSON.stringify({ ...m, schemaVersion: 99 }));
    const r = cli(['load', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('schema version 99');
  });
});
