import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck } from './helpers/duckdb.js';

const ok = (r: { code: number | null; stderr: string }) => expect(r.code, r.stderr).toBe(0);

/**
 * Issue 13's identity churn is a rate per day: the same seven days delivered as one weekly
 * increment or as seven daily ones give a graph that churned alike. Each lineage is loaded into
 * DuckDB through the CLI (identity_mappings upserts leave each id's latest state) and read there.
 */
describe('identity churn follows time, not the number of increments', () => {
  const dir = tempDir();
  const base = join(dir, 'base');
  const weeklyDb = join(dir, 'weekly.duckdb');
  const dailyDb = join(dir, 'daily.duckdb');
  const gen = (...args: string[]) => ok(cli(['generate', '-w', '2', ...args]));
  const load = (drop: string, db: string) => ok(cli(['load', drop, '--db', db]));

  beforeAll(() => {
    gen('-n', '300', '-s', '4', '--set', 'window.length=14d', '--out', base);
    gen('--continue', base, '--days', '7', '--out', join(dir, 'week'));
    load(base, weeklyDb);
    load(join(dir, 'week'), weeklyDb);
    load(base, dailyDb);
    let parent = base;
    for (let day = 1; day <= 7; day++) {
      const out = join(dir, `day-${day}`);
      gen('--continue', parent, '--days', '1', '--out', out);
      load(out, dailyDb);
      parent = out;
    }
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Both lineages end on 2025-10-07 (asOf 2025-10-08); the base's asOf is 2025-10-01. */
  async function churn(db: string) {
    const d = await duck();
    try {
      await d.rows(`ATTACH '${db}' AS g (READ_ONLY)`);
      const [r] = await d.rows(`SELECT
          count(*) FILTER (WHERE first_seen >= TIMESTAMPTZ '2025-10-01')::INT AS fresh,
          avg(CASE WHEN last_seen >= TIMESTAMPTZ '2025-10-01' THEN 1.0 ELSE 0 END) FILTER (WHERE first_seen < TIMESTAMPTZ '2025-10-01' AND active) AS seen,
          avg(epoch(TIMESTAMPTZ '2025-10-08') - epoch(last_seen)) FILTER (WHERE active) / 86400 AS days_back
        FROM g.identity_mappings`);
      return { fresh: Number(r.fresh), seen: Number(r.seen), daysBack: Number(r.days_back) };
    } finally {
      d.close();
    }
  }

  it('gives as many new identifiers, as many seen again, and as recent sightings either way', async () => {
    const weekly = await churn(weeklyDb);
    const daily = await churn(dailyDb);
    // Per increment, seven daily drops added 7× the new ids and saw nearly every id within the last day.
    expect(weekly.fresh).toBeGreaterThan(10);
    expect(daily.fresh / weekly.fresh).toBeGreaterThan(0.5);
    expect(daily.fresh / weekly.fresh).toBeLessThan(2);
    expect(weekly.seen).toBeGreaterThan(0.3);
    expect(daily.seen / weekly.seen).toBeGreaterThan(0.9);
    expect(daily.seen / weekly.seen).toBeLessThan(1.1);
    expect(daily.daysBack / weekly.daysBack).toBeGreaterThan(0.8);
    expect(daily.daysBack / weekly.daysBack).toBeLessThan(1.25);
  });
});
