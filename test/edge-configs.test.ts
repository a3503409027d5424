import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { readDrop } from '../src/drop/read-drop.js';
import { UserError } from '../src/errors.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { validateDrop } from '../src/validate/validate.js';
import { duck, tableGlob } from './helpers/duckdb.js';
import { generateDrop } from './helpers/drops.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Two weeks unless the case is about the window: none of the others needs the default 90 days. */
const TWO_WEEKS = { window: { end: '2025-09-30', length: '14d' } };

async function generated(overrides: Record<string, unknown>) {
  const { out } = await generateDrop({ ...TWO_WEEKS, ...overrides });
  dirs.push(out);
  return out;
}

async function validate(dir: string) {
  const db = await openDuck();
  try {
    return await validateDrop(db, readDrop(dir));
  } finally {
    db.close();
  }
}

const ALL_COVERED = { email_hash: 1, mobile_ad_id: 1, ctv_id: 1, cookie_id: 1, hashed_phone: 1, device_id: 1 };

describe('configs the schema accepts', () => {
  it('respects identifiers.max: min = max = 4 gives everybody exactly 4, and coverage shrinks as computed', async () => {
    const out = await generated({ households: 600, identifiers: { min: 4, max: 4, mean: 4 } });
    const db = await duck();
    const counts = await db.rows(
      `SELECT n, count(*) AS people FROM (SELECT individual_id, count(*) n FROM ${tableGlob(out, 'identity_mappings')} GROUP BY 1) GROUP BY 1`,
    );
    db.close();
    expect(counts).toEqual([{ n: '4', people: expect.anything() }]);
    const report = await validate(out);
    expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
  });

  it('refuses up front a mean identifiers count that the coverage cannot produce, naming the reachable range', () => {
    const attempt = () => resolveConfig({ identifiers: { coverage: ALL_COVERED, mean: 4 } });
    expect(attempt).toThrow(UserError);
    expect(attempt).toThrow(/identifiers\.mean: cannot be reached .*reachable 6\.00\.\.15\.00.*\(got 4\)/);
    expect(resolveConfig({ identifiers: { coverage: ALL_COVERED, mean: 8 } }).identifiers.mean).toBe(8);
  });

  const edges: [string, Record<string, unknown>][] = [
    ['one household', { households: 1 }],
    ['a one-day window', { households: 200, window: { end: '2025-09-30', length: '1d' } }],
    ['coverage 1 for every type', { households: 200, identifiers: { coverage: ALL_COVERED, mean: 8 } }],
    [
      'rates of 0',
      {
        households: 200,
        engagement: { perPersonPerDay: 0, seasonality: 0 },
        campaigns: { reach: 0, offTargetShare: 0 },
        responses: { baseRate: 0 },
        identifiers: { inactiveShare: 0 },
      },
    ],
    [
      'rates of 1 and one income bracket',
      {
        households: 200,
        // Kept at 90 days: over two weeks response_events.propensity_drives_response fails on these rates (1.36, wants > 1.5).
        window: { end: '2025-09-30', length: '90d' },
        campaigns: { reach: 1, offTargetShare: 1 },
        responses: { baseRate: 1 },
        identifiers: { inactiveShare: 1 },
        household: { incomeBrackets: { '<30K': 1, '30-60K': 0, '60-100K': 0, '100-150K': 0, '150K+': 0 } },
      },
    ],
    // No response at all over two weeks of exposures: propensity_drives_response has nothing to compare.
    [
      'response rates of 0 over two weeks',
      { households: 400, window: { end: '2025-09-30', length: '14d' }, responses: { baseRate: 0 } },
    ],
    // Nobody old enough for a degree (21+): the rules comparing degrees or age groups have nothing to judge.
    ['a single age, 18', { households: 400, individual: { minAge: 18, maxAge: 18 } }],
    [
      'ages 85..100 in households of 3 or more',
      { households: 400, individual: { minAge: 85, maxAge: 100 }, household: { sizeMin: 3, sizeMean: 4 } },
    ],
  ];
  for (const [what, overrides] of edges) {
    it(`produces a drop that passes validate with ${what} (skips where n is too small)`, async () => {
      const report = await validate(await generated(overrides));
      expect(report.results.filter((r) => r.status === 'failed')).toEqual([]);
      expect(report.ok).toBe(true);
    });
  }
});
