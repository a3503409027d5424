import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { tempDir } from './helpers/drops.js';

/**
 * The package as a user gets it: `npm pack` (its prepack does a clean build), the tarball
 * installed into an empty folder, and the installed `idgraph` run from there, not from the clone.
 * It packs a copy of the clone (node_modules linked, not copied): prepack deletes and rebuilds
 * `dist/`, which the other test files running beside this one execute.
 */
const work = tempDir('idgraph-pack-');
const app = join(work, 'app');
const source = join(work, 'source');
/** What is built or installed, not part of the project's sources. */
const NOT_SOURCES = /^(node_modules|dist|out|scratch|test-artifacts|\.git|\.tmp|\.ci\/node24\/node_modules)(\/|$)/;
let paths: string[] = [];

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  cpSync(PACKAGE_ROOT, source, {
    recursive: true,
    filter: (from) => !NOT_SOURCES.test(relative(PACKAGE_ROOT, from)) && !from.endsWith('.duckdb'),
  });
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(source, 'node_modules'), 'dir');
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], source);
  expect(pack.code, pack.stderr).toBe(0);
  const [packed] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  paths = packed.files.map((f) => f.path);
  // --offline when the npm cache already holds every package (a warm machine, the second CI run);
  // otherwise the registry is asked only for what the cache lacks. --ignore-scripts: the only
  // install script in the tree is lz4's optional native build (Databricks result compression,
  // which the driver does without); compiling it again would only cost time.
  const install = ['install', '--ignore-scripts', '--no-audit', '--no-fund', join(work, packed.filename)];
  mkdirSync(app);
  if (run('npm', [...install, '--offline'], app).code !== 0) {
    const online = run('npm', [...install, '--prefer-offline'], app);
    expect(online.code, online.stderr).toBe(0);
  }
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds what runs and nothing else: no sources, tests, goldens, CI scripts or source maps', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    // What bin/idgraph.js imports is the compiled entry that must be in the tarball.
    const launcher = readFileSync(join(PACKAGE_ROOT, pkg.bin.idgraph), 'utf8');
    const entry = /import\('\.\.\/([^']+)'\)/.exec(launcher)?.[1];
    expect(entry).toBe('dist/src/cli/main.js');
    for (const required of [
      'package.json',
      pkg.bin.idgraph,
      entry,
      'dist/workers/generate-block.js',
      'fixtures/geo/us-places.tsv',
      'fixtures/geo/README.md',
      'README.md',
      'LICENSE',
      'NOTICE',
      'CHANGELOG.md',
      'config.schema.json',
    ])
      expect(paths).toContain(required);
    const unwanted = paths.filter((p) =>
      /^(test|src|scripts|docs|\.ci|\.github|node_modules)\/|golden|\.test\.|\.ts$|\.map$|^dist\/scripts\//.test(p),
    );
    expect(unwanted).toEqual([]);
  });

  it('LICENSE matches the license field, NOTICE credits the fixture data', () => {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
    const notice = readFileSync(join(PACKAGE_ROOT, 'NOTICE'), 'utf8');
    expect(notice).toMatch(/GeoNames[\s\S]*CC BY 4\.0/);
    expect(notice).toMatch(/Census Bureau/);
    for (const key of ['repository', 'homepage', 'keywords']) expect(pkg[key]).toBeTruthy();
  });

  it('installs into an empty folder and runs there: --version, run -n 500', () => {
    const bin = join(app, 'node_modules', '.bin', 'idgraph');
    const installed = join(app, 'node_modules', 'idgraph');
    const version = run(bin, ['--version'], app);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version);
    const r = run(bin, ['run', '-n', '500'], app);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/checks: [1-9]\d* passed, 0 failed/);
    const manifest = JSON.parse(readFileSync(join(app, 'out', '_manifest.json'), 'utf8'));
    expect(manifest.households.count).toBe(500);
    // Dependency versions recorded from where npm put them (hoisted beside idgraph).
    expect(manifest.versions['parquet-wasm']).toBe(
      JSON.parse(readFileSync(join(app, 'node_modules', 'parquet-wasm', 'package.json'), 'utf8')).version,
    );
    expect(existsSync(join(installed, 'node_modules', 'parquet-wasm'))).toBe(false);
    expect(existsSync(join(app, 'out', 'idgraph.duckdb'))).toBe(true);
  });
});
