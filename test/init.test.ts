import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile, resolveConfig } from '../src/config/load.js';
import { configSchema } from '../src/config/schema.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { Terminal } from './helpers/tmux.js';

const dirs: string[] = [];
const work = () => {
  const d = tempDir('idgraph-init-');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('idgraph init without a terminal', () => {
  it('--yes writes the defaults as a commented config that loads, and never overwrites', () => {
    const dir = work();
    const file = join(dir, 'graph.yaml');
    const r = cli(['init', '--yes', '--out', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`npx idgraph run -c ${file} --out ./out`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^# idgraph config written by `idgraph init`/);
    expect(text).toContain('# share of people holding at least one identifier of each type');
    expect(resolveConfig(readConfigFile(file))).toEqual(configSchema.parse({}));
    writeFileSync(file, 'seed: 1\n');
    const again = cli(['init', '--yes', '--out', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; init never overwrites without asking\n {2}fix: /);
    expect(readFileSync(file, 'utf8')).toBe('seed: 1\n');
  });

  it('says it needs a terminal and exits 2 when stdin is not one', () => {
    const dir = work();
    const r = cli(['init', '--out', join(dir, 'g.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not an interactive terminal\n  fix: run it in a terminal, or pass --yes');
    expect(existsSync(join(dir, 'g.yaml'))).toBe(false);
  });
});

describe('idgraph init in a real terminal (tmux)', () => {
  it('types through every step, goes back once, refuses a bad value, asks before overwriting, and writes a config that loads', async () => {
    const dir = work();
    const taken = join(dir, 'graph.yaml');
    writeFileSync(taken, 'seed: 1\n');
    const file = join(dir, 'mine.yaml');
    // Each step re-measures the sample; one chunk of 64 households is enough to show an estimate
    // (the Ctrl-C test below keeps the real 512, so that a measurement is long enough to interrupt).
    const t = new Terminal(['init', '--out', taken], dir, { IDGRAPH_INIT_SAMPLE_HOUSEHOLDS: '64' });
    try {
      // Scale
      await t.answer('Households', 'Down', 'Down', 'Down', 'Down', 'Enter'); // 10K → "another number"
      await t.answer('Households (a whole number)', '=2500', 'Enter');
      await t.answer('Seed', '=7', 'Enter');
      await t.waitFor((s) => s.includes('content_engagements') && s.includes('Parquet ≈'), 'the live estimate');
      await t.answer('Next', 'Enter');
      // Households: weights that do not sum to 1 are normalised, and the user is told
      await t.answer('Household size: mean', 'Enter');
      await t.answer('Household size: standard deviation', 'Enter');
      await t.answer('Income bracket weights', 'Enter');
      await t.answer('Housing type weights', '=house=2, apartment=1, condo=1, other=0', 'Enter');
      await t.waitFor(
        (s) => s.includes('used as shares: house=0.5, apartment=0.25, condo=0.25, other=0'),
        'normalising',
      );
      await t.answer('Next', 'Enter');
      // Individuals, then back to Households once
      await t.answer('Youngest age', 'Enter');
      await t.answer('Oldest age', 'Enter');
      await t.answer('Gender weights', 'Enter');
      await t.answer('Education weights', 'Enter');
      await t.answer('Next', 'Down', 'Enter');
      await t.answer('Household size: mean', '=3', 'Enter');
      await t.answer('Household size: standard deviation', 'Enter');
      await t.answer('Income bracket weights', 'Enter');
      await t.answer('Housing type weights', 'Enter');
      await t.answer('Next', 'Enter');
      await t.answer('Youngest age', '=25', 'Enter');
      // A top below the youngest age is refused with the reason, then a good one.
      await t.waitFor((s) => /◆ {2}Oldest age/.test(s), 'the oldest age');
      t.type('20');
      t.keys('Enter');
      await t.waitFor((s) => /▲ {2}Oldest age/.test(s) && s.includes('must be ≥ minAge'), 'the age range refusal');
      await t.answer('Oldest age', 'BSpace', 'BSpace', '=80', 'Enter');
      await t.answer('Gender weights', 'Enter');
      await t.answer('Education weights', '=High School=1, Some College=1, Bachelor=1, Master=1, Doctorate=0', 'Enter');
      await t.answer('Next', 'Enter');
      // Identifiers: a value the config schema refuses, then a good one
      await t.waitFor((s) => /◆ {2}Identifiers per person: mean/.test(s), 'the identifiers step');
      t.type('40');
      t.keys('Enter');
      await t.waitFor(
        (s) => /▲ {2}Identifiers per person: mean/.test(s) && s.includes('must be between 1 and 15'),
        'the refusal',
      );
      await t.answer('Identifiers per person: mean', 'BSpace', 'BSpace', '=5', 'Enter');
      await t.answer('Identifiers per person: minimum', 'Enter');
      await t.answer('Identifiers per person: maximum', 'Enter');
      await t.answer('Share of people holding each type', 'Enter');
      await t.answer('Share of inactive identifiers', 'Enter');
      await t.answer('Next', 'Enter');
      // Engagement
      await t.answer('Event window length', '=30d', 'Enter');
      await t.answer('Last day of the window', 'Enter');
      await t.answer('Events per person per day', 'Enter');
      await t.answer('Activity spread', 'Enter');
      await t.answer('Seasonality', 'Enter');
      await t.answer('Content category weights', 'Enter');
      await t.answer('Engagement-type mix', '=view=2, click=1, share=0, like=1, comment=0', 'Enter');
      await t.answer('Next', 'Enter');
      // Audience thresholds
      await t.answer('Heavy User from', 'Enter');
      await t.answer('Moderate User from', 'Enter');
      await t.answer('Churned after', 'Enter');
      await t.answer('Next', 'Enter');
      // Campaigns
      await t.answer('Number of campaigns', '=12', 'Enter');
      await t.answer('Shortest flight', 'Enter');
      await t.answer('Longest flight', '=30', 'Enter');
      await t.answer('Reach', 'Enter');
      await t.answer('Channel weights', '=email=0, social=1, display=1, video=1, ctv=1', 'Enter');
      await t.answer('Response rate per exposure', 'Enter');
      // A range whose top is below baseRate is refused with the reason, then a good one.
      await t.waitFor((s) => /◆ {2}Response rate range/.test(s), 'the response rate range');
      t.type('0.01');
      t.keys('Enter');
      await t.waitFor(
        (s) => /▲ {2}Response rate range/.test(s) && s.includes('must be ≥ baseRate'),
        'the range refusal',
      );
      await t.answer('Response rate range', 'BSpace', 'BSpace', 'BSpace', 'BSpace', '=0.12', 'Enter');
      await t.answer('Attribution model', 'Down', 'Enter'); // linear → time_decay
      await t.answer('Next', 'Enter');
      // Output & destination
      await t.answer('Destination of the drop', 'Down', 'Enter'); // s3
      await t.answer('Location', '=s3://my-bucket/idgraph/run-1', 'Enter');
      await t.answer('Databricks catalog', '=main', 'Enter');
      await t.answer('Databricks schema', '=synthetic_data', 'Enter');
      await t.answer('Next', 'Enter');
      // Review, then the existing file: keep it and write elsewhere
      await t.answer('Write the config?', 'Enter');
      await t.answer(`graph.yaml exists. Overwrite it?`, 'Enter');
      await t.answer('Write the config to which file instead?', `=${file}`, 'Enter');
      expect(await t.exitCode()).toBe(0);
      const screen = t.screen();
      // The config is named as the user would type it, relative to where init ran.
      expect(screen).toContain('npx idgraph generate -c mine.yaml --to s3://my-bucket/idgraph/run-1');
      expect(screen).toContain(
        'npx idgraph load --engine databricks --from s3://my-bucket/idgraph/run-1 --catalog main --schema synthetic_data',
      );
    } finally {
      t.close();
    }
    expect(readFileSync(taken, 'utf8')).toBe('seed: 1\n');
    const config = resolveConfig(readConfigFile(file));
    expect(config).toMatchObject({
      households: 2500,
      seed: 7,
      household: { sizeMean: 3, sizeSd: 1.2, housingTypes: { house: 0.5, apartment: 0.25, condo: 0.25, other: 0 } },
      identifiers: { mean: 5, min: 2, max: 15 },
      window: { length: '30d', end: '2025-09-30' },
      individual: {
        minAge: 25,
        maxAge: 80,
        education: { 'High School': 0.25, 'Some College': 0.25, Bachelor: 0.25, Master: 0.25, Doctorate: 0 },
      },
      engagement: { types: { view: 0.5, click: 0.25, share: 0, like: 0.25, comment: 0 } },
      campaigns: {
        count: 12,
        minDays: 7,
        maxDays: 30,
        channels: { email: 0, social: 0.25, display: 0.25, video: 0.25, ctv: 0.25 },
      },
      responses: { attributionModel: 'time_decay', baseRateMax: 0.12 },
    });
    // The real CLI takes it as it is.
    const out = join(dir, 'drop');
    const gen = cli(['generate', '-c', file, '-n', '100', '--out', out, '--workers', '1']);
    expect(gen.stderr).toBe('');
    expect(gen.code).toBe(0);
  }, 600_000); // each step measures a sample generation: a minute on a busy 2-core machine

  it('Ctrl-C, at a prompt or while measuring, leaves nothing written or measured and exits 130', async () => {
    for (const when of ['prompt', 'measuring'] as const) {
      const dir = work();
      const t = new Terminal(['init', '--out', join(dir, 'g.yaml')], dir);
      try {
        if (when === 'measuring') {
          await t.answer('Households', 'Enter');
          await t.answer('Seed', 'Enter');
          await t.waitFor((s) => s.includes('Measuring a 512-household sample'), 'the measurement');
        } else await t.waitFor((s) => /◆ {2}Households/.test(s), 'the first prompt');
        t.keys('C-c');
        expect(await t.exitCode()).toBe(130);
        expect(t.screen()).toContain('Cancelled: nothing was written.');
      } finally {
        t.close();
      }
      expect(existsSync(join(dir, 'g.yaml'))).toBe(false);
      expect(readdirSync(tmpdir()).filter((n) => n.startsWith('idgraph-estimate-'))).toEqual([]);
    }
  });
});
