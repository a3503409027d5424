import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { cli } from './helpers/cli.js';
import { cliInProcess } from './helpers/cli-in-process.js';
import { tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

describe('config', () => {
  it('fills every default from the data model', () => {
    const c = resolveConfig({});
    expect(c.household).toMatchObject({ sizeMean: 2.5, sizeSd: 1.2, sizeMin: 1, sizeMax: 10 });
    expect(c.individual.gender).toEqual({ Male: 0.48, Female: 0.48, 'Non-Binary': 0.03, 'Prefer not to say': 0.01 });
    expect(c.identifiers).toMatchObject({ min: 2, max: 15, mean: 4 });
    expect(c.identifiers.coverage).toMatchObject({
      email_hash: 0.6,
      mobile_ad_id: 0.8,
      ctv_id: 0.4,
      cookie_id: 0.9,
      hashed_phone: 0.3,
    });
    expect(c.output.targetFileMB).toBe(128);
  });

  // One case per kind of bad value: each names the field, the value and what is allowed, exits 2, writes nothing.
  // Bad input stops before any work, so these run the CLI's entry point in process (no Node start-up each).
  const cases: [string, string[], RegExp][] = [
    ['out of range', ['--households', '0'], /households: must be at least 1 \(got 0\)/],
    ['not a number', ['--seed', 'abc'], /--seed must be a number \(got 'abc'\)/],
    ['not whole', ['--households', '2.5'], /households: must be a whole number \(got 2\.5\)/],
    [
      'share above 1',
      ['--set', 'identifiers.coverage.ctv_id=1.4'],
      /identifiers\.coverage\.ctv_id: must be between 0 and 1 \(got 1\.4\)/,
    ],
    ['unknown setting', ['--set', 'households_typo=3'], /unknown setting 'households_typo'/],
    ['inconsistent bounds', ['--set', 'identifiers.mean=20'], /identifiers\.mean: must be between 1 and 15 \(got 20\)/],
    [
      'min above max',
      ['--set', 'household.sizeMin=8', '--set', 'household.sizeMax=3'],
      /household\.sizeMin: sizeMin must be ≤ sizeMax/,
    ],
    ['bad window', ['--set', 'window.length=90x'], /window\.length: must be a number followed by d, w, m or y/],
    ['bad date', ['--set', 'window.end=2025-02-30'], /window\.end: must be a real calendar date/],
    [
      'bad enum',
      ['--set', 'responses.attributionModel=u_shaped'],
      /responses\.attributionModel: .*first_touch.*\(got "u_shaped"\)/,
    ],
    ['negative weight', ['--set', 'household.incomeBrackets.<30K=-1'], /household\.incomeBrackets\.<30K: must be ≥ 0/],
  ];
  for (const [kind, args, message] of cases) {
    it(`rejects ${kind} with one clear message and exit 2`, async () => {
      const out = join(tempDir(), 'drop');
      const r = await cliInProcess(['generate', '--out', out, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('reads YAML config files and lets flags override them', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'households: 0\nseed: 3\n');
    expect((await cliInProcess(['generate', '--config', file, '--out', join(dir, 'o')])).stderr).toMatch(
      /households: must be at least 1 \(got 0\)/,
    );
    const ok = cli([
      'generate',
      '--config',
      file,
      '--households',
      '50',
      '--out',
      join(dir, 'o'),
      '--set',
      'output.chunkHouseholds=64',
      '--set',
      'window.length=7d',
    ]);
    expect(ok.code).toBe(0);
    expect(readdirSync(join(dir, 'o'))).toContain('_manifest.json');
  });

  it('reports a malformed config file by name', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'households: [1,\n');
    const r = await cliInProcess(['generate', '--config', file, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`config file ${file} is not valid YAML/JSON`);
  });

  it('sets one key with --set and keeps the rest of its group (defaults and config file alike)', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.yaml');
    writeFileSync(file, 'identifiers:\n  coverage:\n    hashed_phone: 0.7\n');
    const out = join(dir, 'o');
    const r = cli([
      'generate',
      '--config',
      file,
      '--set',
      'identifiers.coverage.ctv_id=0.5',
      // Higher coverage raises the reachable identifier count above the default mean of 4.
      '--set',
      'identifiers.mean=5',
      '--households',
      '120',
      '--out',
      out,
      '--set',
      'output.chunkHouseholds=64',
      '--set',
      'output.tables=core',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, '_manifest.json'), 'utf8'));
    // The documented defaults (README config reference) for the four keys nobody set.
    expect(manifest.config.identifiers.coverage).toEqual({
      email_hash: 0.6,
      mobile_ad_id: 0.8,
      ctv_id: 0.5,
      cookie_id: 0.9,
      hashed_phone: 0.7,
      device_id: 0.5,
    });
    // And the data holds every identifier type, read back by DuckDB.
    const db = await duck();
    try {
      const types = await db.rows(
        `SELECT DISTINCT identifier_type AS t FROM ${tableGlob(out, 'identity_mappings')} ORDER BY 1`,
      );
      expect(types.map((x) => x.t)).toEqual([
        'cookie_id',
        'ctv_id',
        'device_id',
        'email_hash',
        'hashed_phone',
        'mobile_ad_id',
      ]);
    } finally {
      db.close();
    }
  });

  for (const key of ['__proto__.polluted', 'constructor.prototype.polluted', 'identifiers.__proto__.polluted']) {
    it(`refuses --set ${key} before it reaches Object.prototype`, async () => {
      const out = join(tempDir(), 'drop');
      const r = await cliInProcess(['generate', '--out', out, '--set', `${key}=1`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^idgraph: --set .*'(__proto__|constructor)' is not a setting\n {2}fix: /);
      expect(existsSync(out)).toBe(false);
    });
  }

  it('refuses __proto__ in a config file and leaves Object.prototype alone', async () => {
    const dir = tempDir();
    const file = join(dir, 'c.json');
    writeFileSync(file, '{"__proto__": {"polluted": 1}, "households": 5}');
    // In process: the Object.prototype checked below is the one the CLI ran against.
    const r = await cliInProcess(['generate', '--config', file, '--out', join(dir, 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'__proto__' is not a setting/);
    expect(resolveConfig({ households: 5 }).households).toBe(5);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
