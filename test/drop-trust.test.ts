import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { duck } from './helpers/duckdb.js';
import { SHARED_DROPS, sharedDrop } from './helpers/shared-drops.js';

const SMALL = SHARED_DROPS.small;

/** Every example of issue 9's "trust nothing in a drop" bullet, through the real CLI. */
describe('a drop is trusted only once checked', () => {
  const temps: string[] = [];
  const temp = () => {
    const dir = tempDir();
    temps.push(dir);
    return dir;
  };
  let good: string;
  let other: string;
  beforeAll(async () => {
    // The run's shared drop: every test below changes a copy of it, never the drop itself.
    good = await sharedDrop('small');
    other = (await generateDrop({ ...SMALL, seed: 8 }, { out: temp() })).out;
  });
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  const copy = (from = good) => {
    const dir = join(temp(), 'drop');
    cpSync(from, dir, { recursive: true });
    return dir;
  };
  const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, '_manifest.json'), 'utf8'));
  const writeManifest = (dir: string, m: unknown) => writeFileSync(join(dir, '_manifest.json'), JSON.stringify(m));

  it('load refuses a file swapped in from another drop, before loading anything', () => {
    const dir = copy();
    const victim = readDrop(dir).files.find((f) => f.table === 'households')!;
    const stranger = readDrop(other).files.find((f) => f.table === 'households')!;
    cpSync(join(other, stranger.path), join(dir, victim.path));
    const db = join(temp(), 'x.duckdb');
    const r = cli(['load', dir, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(victim.path);
    expect(r.stderr).toMatch(/do not match its manifest/);
    // Nothing loaded, and no empty database left behind.
    expect(existsSync(db)).toBe(false);
  });

  it('load refuses a manifest whose row counts disagree with the Parquet footers', () => {
    const dir = copy();
    const m = manifest(dir);
    const f = m.files.find((x: { table: string }) => x.table === 'campaigns');
    f.rows += 1;
    m.tables.campaigns.rows += 1;
    writeManifest(dir, m);
    const r = cli(['load', dir, '--db', join(temp(), 'x.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f.path}: its Parquet footer says ${f.rows - 1} rows, the manifest says ${f.rows}`);
    const v = cli(['validate', dir, '--json']);
    expect(v.code).toBe(1);
    const failed = JSON.parse(v.stdout).results.filter((x: { ok: boolean }) => !x.ok);
    expect(failed.map((x: { id: string }) => x.id)).toEqual(['drop.files_intact', 'drop.manifest_rows']);
  });

  it('refuses per-table totals that disagree with the file list', () => {
    const dir = copy();
    const m = manifest(dir);
    m.tables.households.rows += 5;
    const declared = m.tables.households.rows;
    writeManifest(dir, m);
    for (const args of [
      ['load', dir, '--db', join(temp(), 'x.duckdb')],
      ['validate', dir],
    ]) {
      const r = cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`table households declares ${declared} rows`);
    }
  });

  it('never follows a manifest path out of the drop', () => {
    const dir = copy();
    const m = manifest(dir);
    m.files[0].path = `../${m.files[0].path}`;
    writeManifest(dir, m);
    for (const args of [
      ['load', dir, '--db', join(temp(), 'x.duckdb')],
      ['validate', dir],
      ['upload', dir, '--to', join(temp(), 's')],
    ]) {
      const r = cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/_manifest\.json is damaged: files\[0\]\.path: must be a relative path inside the drop/);
    }
  });

  it('never follows a symlink out of the drop, even to an identical file', () => {
    const dir = copy();
    const victim = readDrop(dir).files.find((f) => f.table === 'individuals')!;
    const outside = join(temp(), 'outside.parquet');
    cpSync(join(dir, victim.path), outside);
    rmSync(join(dir, victim.path));
    symlinkSync(outside, join(dir, victim.path));
    const r = cli(['load', dir, '--db', join(temp(), 'x.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${victim.path}: leads outside the drop`);
  });

  it('refuses a manifest missing `files` with a message, not an internal error', () => {
    const dir = copy();
    const { files: _files, ...m } = manifest(dir);
    writeManifest(dir, m);
    for (const args of [
      ['load', dir, '--db', join(temp(), 'x.duckdb')],
      ['validate', dir],
    ]) {
      const r = cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/_manifest\.json is damaged: files: /);
      expect(r.stderr).not.toMatch(/internal error/);
    }
  });

  it('refuses a sharded folder with shard manifests missing, naming them', async () => {
    const dir = join(temp(), 'shards');
    for (const index of [0, 2]) await generateDrop(SMALL, { out: dir, shard: { index, count: 4 } });
    for (const args of [
      ['load', dir, '--db', join(temp(), 'x.duckdb')],
      ['validate', dir],
    ]) {
      const r = cli(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toMatch(/is incomplete: shards 1, 3 of 4 are missing/);
      expect(r.stderr).toMatch(/--shard 1\/4/);
    }
  });

  it('refuses shards of two configs or two splits in one folder', async () => {
    const dir = join(temp(), 'shards');
    await generateDrop(SMALL, { out: dir, shard: { index: 0, count: 2 } });
    await generateDrop({ ...SMALL, seed: 9 }, { out: dir, shard: { index: 1, count: 2 } });
    expect(cli(['validate', dir]).stderr).toMatch(/mixes shards of different runs/);
    const split = join(temp(), 'split');
    await generateDrop(SMALL, { out: split, shard: { index: 0, count: 2 } });
    await generateDrop(SMALL, { out: split, shard: { index: 1, count: 3 } });
    expect(cli(['validate', split]).stderr).toMatch(/mixes shard splits/);
  });

  it('validate reports a truncated file once, exit 1, and still runs every other rule', async () => {
    const dir = copy();
    const victim = readDrop(dir).files.find((f) => f.table === 'content_engagements')!;
    truncateSync(join(dir, victim.path), Math.floor(victim.bytes / 2));
    const r = cli(['validate', dir, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as {
      results: { id: string; ok: boolean; error?: string; examples?: string[] }[];
    };
    const intact = report.results.find((x) => x.id === 'drop.files_intact')!;
    expect(intact.ok).toBe(false);
    expect(intact.examples).toEqual([
      `${victim.path}: ${Math.floor(victim.bytes / 2)} bytes, the manifest says ${victim.bytes} (truncated)`,
    ]);
    // The rest of the report is there, and no rule failed on an IO error.
    expect(report.results.length).toBeGreaterThan(150);
    expect(report.results.filter((x) => x.error)).toEqual([]);
    // The rows of the readable files were still judged: DuckDB agrees on what they hold.
    const db = await duck();
    const readable = readDrop(dir).files.filter((f) => f.table === 'content_engagements' && f.path !== victim.path);
    const n = await db.value(
      `SELECT count(*) FROM read_parquet([${readable.map((f) => `'${join(dir, f.path)}'`).join(', ')}])`,
    );
    db.close();
    const rows = report.results.find((x) => x.id === 'drop.manifest_rows')!;
    expect(rows.examples).toEqual([
      `content_engagements: ${n} rows read, the manifest says ${readDrop(dir).manifests[0].tables.content_engagements.rows}`,
    ]);
  });
});
