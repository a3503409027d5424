import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

const ok = (r: { code: number | null; stderr: string }) => expect(r.code, r.stderr).toBe(0);
const manifest = (drop: string) => JSON.parse(readFileSync(join(drop, '_manifest.json'), 'utf8'));

/**
 * Issue 13: a snapshot has campaigns running at its asOf, and the next days of the same population
 * see them continue. Read back with DuckDB from the drops' files. Many campaigns (count 200) so a
 * day's exposures average over many flights, not the luck of a few large ones.
 */
describe('campaigns running at the base’s asOf continue into its increments', () => {
  const dir = tempDir();
  const base = join(dir, 'base');
  const inc1 = join(dir, 'inc-1');
  const inc2 = join(dir, 'inc-2');
  // Default window: 90 days, 2025-07-03..2025-09-30; campaigns.minDays 7, maxDays 90.
  const baseEnd = '2025-10-01';
  const inc1End = '2025-10-08';

  beforeAll(() => {
    ok(cli(['generate', '-w', '2', '-n', '500', '-s', '3', '--set', 'campaigns.count=200', '--out', base]));
    ok(cli(['generate', '-w', '2', '--continue', base, '--days', '7', '--out', inc1]));
    ok(cli(['generate', '-w', '2', '--continue', inc1, '--days', '7', '--out', inc2]));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const perDay = (drop: string, from: string, to: string) =>
    `SELECT count(*) / (DATE '${to}' - DATE '${from}') FROM ${tableGlob(drop, 'campaign_exposures')}
      WHERE exposure_timestamp >= TIMESTAMPTZ '${from}' AND exposure_timestamp < TIMESTAMPTZ '${to}'`;

  it('delivers about as many exposures a day in each increment as late in the base (no cliff at its asOf)', async () => {
    const db = await duck();
    try {
      const late = Number(await db.value(perDay(base, '2025-09-17', baseEnd)));
      const early = Number(await db.value(perDay(base, '2025-07-03', '2025-07-17')));
      const first = Number(await db.value(perDay(inc1, baseEnd, inc1End)));
      const second = Number(await db.value(perDay(inc2, inc1End, '2025-10-15')));
      expect(late).toBeGreaterThan(100);
      for (const [name, x] of Object.entries({ first, second, early }) as [string, number][]) {
        expect(x / late, `${name}: ${x} a day against ${late} in the base's last 14 days`).toBeGreaterThan(0.5);
        expect(x / late, `${name}: ${x} a day against ${late} in the base's last 14 days`).toBeLessThan(1.5);
      }
      // Responses follow: the first increment holds responses to the base's campaigns.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(inc1, 'response_events')} WHERE campaign_id IN (SELECT campaign_id FROM ${tableGlob(base, 'campaigns')})`,
        ),
      ).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('shows the base’s running campaigns in the increment, their exposures on flight days inside its window', async () => {
    const db = await duck();
    try {
      const running = `SELECT * FROM ${tableGlob(base, 'campaigns')} WHERE end_date >= DATE '${baseEnd}'`;
      expect(await db.value(`SELECT count(*) FROM (${running})`)).toBeGreaterThan(10);
      // Delivered again, unchanged (campaigns is an upsert): the increment holds the campaign of each exposure.
      expect(
        await db.value(`SELECT count(*) FROM (${running} EXCEPT SELECT * FROM ${tableGlob(inc1, 'campaigns')})`),
      ).toBe(0);
      const [row] = await db.rows(`SELECT count(*)::INT n, count(DISTINCT e.campaign_id)::INT campaigns,
          count(*) FILTER (WHERE e.exposure_timestamp < TIMESTAMPTZ '${baseEnd}' OR e.exposure_timestamp >= TIMESTAMPTZ '${inc1End}'
            OR e.exposure_timestamp < CAST(c.start_date AS TIMESTAMPTZ)
            OR e.exposure_timestamp >= CAST(c.end_date AS TIMESTAMPTZ) + INTERVAL 1 DAY)::INT bad
        FROM ${tableGlob(inc1, 'campaign_exposures')} e JOIN (${running}) c USING (campaign_id)`);
      expect(row.n).toBeGreaterThan(1000);
      expect(row.campaigns).toBeGreaterThan(10);
      expect(row.bad).toBe(0);
      // New exposures, not the base's again.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(inc1, 'campaign_exposures')} WHERE exposure_id IN (SELECT exposure_id FROM ${tableGlob(base, 'campaign_exposures')})`,
        ),
      ).toBe(0);
      // A campaign that ended in the base is not running any more: no exposure of it in the increment.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(inc1, 'campaign_exposures')} WHERE campaign_id IN (SELECT campaign_id FROM ${tableGlob(base, 'campaigns')} WHERE end_date < DATE '${baseEnd}')`,
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('keeps the base a snapshot of a running graph: campaigns carried in and running on, each a whole flight', async () => {
    const db = await duck();
    try {
      const [row] = await db.rows(`SELECT count(*)::INT n,
          count(*) FILTER (WHERE start_date < DATE '2025-07-03')::INT carried_in,
          count(*) FILTER (WHERE end_date >= DATE '${baseEnd}')::INT running_on,
          count(*) FILTER (WHERE start_date > DATE '2025-09-30' OR end_date < DATE '2025-07-03')::INT outside,
          count(*) FILTER (WHERE end_date < start_date OR end_date - start_date + 1 NOT BETWEEN 7 AND 90
            OR created_at >= CAST(start_date AS TIMESTAMPTZ) OR budget <= 0)::INT bad
        FROM ${tableGlob(base, 'campaigns')}`);
      // 200 started in the window, and about 200 × (48.5 − 1) ÷ 90 ≈ 106 carried in.
      expect(row.n).toBe(306);
      expect(row.carried_in).toBe(106);
      expect(row.running_on).toBeGreaterThan(50);
      expect(row.outside).toBe(0);
      expect(row.bad).toBe(0);
      // The lineage numbers the increment's campaigns after all of the base's.
      expect(manifest(base).lineage.highWater.campaigns).toBe(306);
      expect(
        await db.value(`SELECT min(campaign_id) FROM ${tableGlob(inc1, 'campaigns')} WHERE campaign_id > 306`),
      ).toBe(307);
      // Exposures lie inside the base's window however far a flight reaches outside it.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(base, 'campaign_exposures')} WHERE exposure_timestamp < TIMESTAMPTZ '2025-07-03' OR exposure_timestamp >= TIMESTAMPTZ '${baseEnd}'`,
        ),
      ).toBe(0);
    } finally {
      db.close();
    }
  });

  it('passes validate on each drop', () => {
    for (const d of [base, inc1, inc2]) ok(cli(['validate', d]));
  });
});
