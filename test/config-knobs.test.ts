import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { UserError } from '../src/errors.js';
import { expectedAgeMix } from '../src/gen/age-mix.js';
import { modelRules } from '../src/validate/model-rules.js';
import { peopleRules } from '../src/validate/people-rules.js';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

/**
 * Distribution knobs the wizard asks for: a non-default value moves the generated data (read back
 * by DuckDB, not by our code) and the drop still passes every validation rule.
 */
const SMALL = ['-n', '400', '--set', 'window.length=21d', '--workers', '1'];

function generate(dir: string, ...set: string[]): string {
  const out = join(dir, 'drop');
  const r = cli(['generate', ...SMALL, ...set.flatMap((s) => ['--set', s]), '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return out;
}

/** Campaigns carrying each channel, and exposures per channel, as DuckDB reads the files. */
async function channelUse(drop: string) {
  const db = await duck();
  try {
    const campaigns = await db.rows(
      `SELECT ch, count(*)::INT AS n FROM (SELECT unnest(channels) AS ch FROM ${tableGlob(drop, 'campaigns')}) GROUP BY 1 ORDER BY 1`,
    );
    const exposures = await db.value(
      `SELECT count(*) FROM ${tableGlob(drop, 'campaign_exposures')} WHERE channel = 'email'`,
    );
    return { campaigns: Object.fromEntries(campaigns.map((r) => [r.ch, r.n])), emailExposures: exposures };
  } finally {
    db.close();
  }
}

describe('campaigns.channels', () => {
  it('email=0 leaves email out of every campaign and exposure, and the drop still validates', async () => {
    const dir = tempDir();
    const before = await channelUse(generate(join(dir, 'a')));
    // The default draws email for some campaigns: otherwise the test below could not fail.
    expect(before.campaigns.email).toBeGreaterThan(0);
    expect(before.emailExposures).toBeGreaterThan(0);

    const drop = generate(join(dir, 'b'), 'campaigns.channels.email=0');
    const after = await channelUse(drop);
    expect(after.campaigns.email).toBeUndefined();
    expect(after.emailExposures).toBe(0);
    // The other channels take email's place: as many campaigns, no fewer channel slots per campaign.
    const slots = (c: Record<string, unknown>) => Object.values(c).reduce<number>((a, n) => a + Number(n), 0);
    expect(slots(after.campaigns)).toBeGreaterThanOrEqual(slots(before.campaigns) - before.campaigns.email);

    const v = cli(['validate', drop]);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);

  it('the channel rule follows the config: a drop with email campaigns fails it when email is weighted 0', async () => {
    const drop = generate(tempDir());
    const rule = modelRules(
      resolveConfig({ campaigns: { channels: { email: 0, social: 1, display: 1, video: 1, ctv: 1 } } }),
    ).find((r) => r.id === 'campaigns.has_channel');
    const db = await duck();
    try {
      await db.rows(`CREATE VIEW campaigns AS SELECT * FROM ${tableGlob(drop, 'campaigns')}`);
      expect(await db.value(`SELECT count(*) FROM (${rule?.sql})`)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  }, 300_000);

  it('refuses negative or all-zero weights, naming the key', () => {
    expect(() =>
      resolveConfig({ campaigns: { channels: { email: -1, social: 1, display: 1, video: 1, ctv: 1 } } }),
    ).toThrow(/campaigns\.channels\.email/);
    const zero = { email: 0, social: 0, display: 0, video: 0, ctv: 0 };
    expect(() => resolveConfig({ campaigns: { channels: zero } })).toThrow(UserError);
    expect(() => resolveConfig({ campaigns: { channels: zero } })).toThrow(/at least one weight must be > 0/);
  });
});

/** Responses per exposure of each campaign, as DuckDB reads the files. */
async function ratesByCampaign(drop: string): Promise<Map<number, number>> {
  const db = await duck();
  try {
    const rows = await db.rows(
      `SELECT campaign_id::INT AS id, coalesce(r.n, 0) / e.n AS rate
       FROM (SELECT campaign_id, count(*) n FROM ${tableGlob(drop, 'campaign_exposures')} GROUP BY 1) e
       LEFT JOIN (SELECT campaign_id, count(*) n FROM ${tableGlob(drop, 'response_events')} GROUP BY 1) r USING (campaign_id)
       WHERE e.n >= 200`,
    );
    return new Map(rows.map((r) => [Number(r.id), Number(r.rate)]));
  } finally {
    db.close();
  }
}

describe('responses.baseRateMax', () => {
  it('a range gives each campaign its own rate, spread across the range, and the drop still validates', async () => {
    const dir = tempDir();
    const fixed = await ratesByCampaign(generate(join(dir, 'a')));
    const drop = generate(join(dir, 'b'), 'responses.baseRate=0.01', 'responses.baseRateMax=0.2');
    const ranged = await ratesByCampaign(drop);
    // Same campaigns (the range draws from its own stream): compare each with its fixed-rate self,
    // which cancels goal, channel and audience. 0.01..0.2 against 0.06 spans ×0.17..×3.3.
    const ratios = [...ranged].filter(([id]) => fixed.has(id)).map(([id, r]) => r / (fixed.get(id) ?? 1));
    expect(ratios.length).toBeGreaterThan(10);
    expect(Math.min(...ratios)).toBeLessThan(0.5);
    expect(Math.max(...ratios)).toBeGreaterThan(2);

    const v = cli(['validate', drop]);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);

  it('refuses a range whose top is below baseRate, naming both keys', () => {
    expect(() => resolveConfig({ responses: { baseRate: 0.1, baseRateMax: 0.05 } })).toThrow(
      /responses\.baseRateMax.*must be ≥ baseRate/,
    );
    expect(resolveConfig({ responses: { baseRate: 0.1, baseRateMax: 0.1 } }).responses.baseRateMax).toBe(0.1);
  });
});

describe('engagement.types', () => {
  it('a changed mix moves the engagement types, and the drop (its type rules included) still validates', async () => {
    const drop = generate(tempDir(), 'engagement.types.view=1', 'engagement.types.share=3');
    const db = await duck();
    let shares: Record<string, number>;
    try {
      const rows = await db.rows(
        `SELECT engagement_type AS t, count(*) / sum(count(*)) OVER () AS s FROM ${tableGlob(drop, 'content_engagements')} GROUP BY 1`,
      );
      shares = Object.fromEntries(rows.map((r) => [String(r.t), Number(r.s)]));
    } finally {
      db.close();
    }
    // Weights 1, 0.13, 3, 0.11, 0.04 of 4.28: views ~23% (default 68%), shares ~70% (default 4%).
    expect(shares.view).toBeGreaterThan(0.2);
    expect(shares.view).toBeLessThan(0.27);
    expect(shares.share).toBeGreaterThan(0.66);
    const v = cli(['validate', '--verbose', drop]);
    expect(v.stdout).toMatch(/^ok +content_engagements\.type_share /m);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);
});

describe('individual.education', () => {
  it('a changed mix moves education levels, and the degree-share rule follows it: the drop still validates', async () => {
    // Degrees 0.23 + 0.11 + 0.04 = 38% by default; Bachelor 0, Doctorate 0.6: 0.71 of 1.33 = 53%.
    const drop = generate(tempDir(), 'individual.education.Bachelor=0', 'individual.education.Doctorate=0.6');
    const db = await duck();
    let levels: Record<string, number>;
    try {
      const rows = await db.rows(
        `SELECT education_level AS l, count(*) / sum(count(*)) OVER () AS s FROM ${tableGlob(drop, 'individuals')} WHERE age BETWEEN 25 AND 64 GROUP BY 1`,
      );
      levels = Object.fromEntries(rows.map((r) => [String(r.l), Number(r.s)]));
    } finally {
      db.close();
    }
    expect(levels.Bachelor).toBeUndefined();
    // Doctorates are 4% of adults by default; here they outnumber every other level but High School.
    expect(levels.Doctorate).toBeGreaterThan(0.3);
    const v = cli(['validate', '--verbose', drop]);
    expect(v.stdout).toMatch(/^ok +individuals\.degree_share_25_64 .*individual\.education: 53%/m);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);
});

describe('engagement.categories', () => {
  it('News 0 and Gaming up moves the category mix, and the drop still validates', async () => {
    const drop = generate(tempDir(), 'engagement.categories.News=0', 'engagement.categories.Gaming=0.5');
    const db = await duck();
    let shares: Record<string, number>;
    try {
      const rows = await db.rows(
        `SELECT content_category AS c, count(*) / sum(count(*)) OVER () AS s FROM ${tableGlob(drop, 'content_engagements')} GROUP BY 1`,
      );
      shares = Object.fromEntries(rows.map((r) => [String(r.c), Number(r.s)]));
    } finally {
      db.close();
    }
    expect(shares.News).toBeUndefined();
    // Gaming is 8% of the default weights; here 0.5 of 1.28, tilted by tastes: well above 20%.
    expect(shares.Gaming).toBeGreaterThan(0.2);
    const v = cli(['validate', drop]);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);
});

describe('individual.minAge / maxAge', () => {
  it('30..40 yields only those ages (heads, partners, further members), and the drop still validates', async () => {
    const dir = tempDir();
    const drop = generate(dir, 'individual.minAge=30', 'individual.maxAge=40');
    const db = await duck();
    let ages: { lo: number; hi: number; distinct: number; n: number; big: number };
    try {
      const [r] = await db.rows(
        `SELECT min(age)::INT AS lo, max(age)::INT AS hi, count(DISTINCT age)::INT AS distinct, count(*)::INT AS n,
           (SELECT count(*)::INT FROM ${tableGlob(drop, 'households')} WHERE household_size >= 3) AS big
         FROM ${tableGlob(drop, 'individuals')}`,
      );
      ages = r as typeof ages;
    } finally {
      db.close();
    }
    // Households of 3+ exist (members beyond the partner are drawn too), and every age 30..40 occurs.
    expect(ages.big).toBeGreaterThan(0);
    expect(ages).toMatchObject({ lo: 30, hi: 40, distinct: 11 });
    const v = cli(['validate', '--verbose', drop]);
    expect(v.stdout).toMatch(/^ok +individuals\.age_range .*\(30\.\.40\)/m);
    expect(v.stdout).toMatch(/^ok +individuals\.age_35_44 /m);
    expect(v.stdout + v.stderr).not.toMatch(/^fail/m);
    expect(v.code).toBe(0);
  }, 300_000);

  it('the range rule follows the config: a default drop (ages 18..100) breaks a 30..40 range', async () => {
    const drop = generate(tempDir());
    const rule = peopleRules(resolveConfig({ individual: { minAge: 30, maxAge: 40 } })).find(
      (r) => r.id === 'individuals.age_range',
    );
    const db = await duck();
    try {
      await db.rows(`CREATE VIEW individuals AS SELECT * FROM ${tableGlob(drop, 'individuals')}`);
      expect(await db.value(`SELECT count(*) FROM (${rule?.sql})`)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
    // The full range is the data model's own CHECK: no second rule for it.
    expect(peopleRules(resolveConfig({})).some((r) => r.id === 'individuals.age_range')).toBe(false);
  }, 300_000);

  it('the expected age mix stays inside the range and sums to 1', () => {
    const mix = expectedAgeMix(resolveConfig({ individual: { minAge: 30, maxAge: 40 } }));
    expect(mix.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // Buckets 25–34 and 35–44 only: 5 ages at 1.75% and 6 at 1.65% of US adults (the census mix cut to the range).
    expect(mix.map((m, i) => (i === 1 || i === 2 ? 'some' : m))).toEqual([0, 'some', 'some', 0, 0, 0, 0, 0]);
    expect(mix[1]).toBeCloseTo(8.75 / 18.65, 2);
  });

  it('refuses an impossible range with exit 2, naming the key and the bounds, writing nothing', () => {
    const dir = tempDir();
    const out = join(dir, 'drop');
    const reversed = cli([
      'generate',
      ...SMALL,
      '--set',
      'individual.minAge=50',
      '--set',
      'individual.maxAge=40',
      '--out',
      out,
    ]);
    expect(reversed.code).toBe(2);
    expect(reversed.stderr).toMatch(/individual\.maxAge.*must be ≥ minAge/);
    expect(reversed.stderr).toMatch(/\n {2}fix: /);
    const minor = cli(['generate', ...SMALL, '--set', 'individual.minAge=16', '--out', out]);
    expect(minor.code).toBe(2);
    expect(minor.stderr).toMatch(/individual\.minAge.*between 18 and 100 \(the data model holds adults only/);
    expect(() => resolveConfig({ individual: { maxAge: 101 } })).toThrow(/individual\.maxAge/);
    expect(() => resolveConfig({ individual: { minAge: 30.5 } })).toThrow(/whole number/);
    expect(existsSync(out)).toBe(false);
  });
});
