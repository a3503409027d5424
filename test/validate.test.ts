import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { validateDrop } from '../src/validate/validate.js';
import { generateDrop, tempDir } from './helpers/drops.js';

async function validate(dir: string) {
  const db = await openDuck();
  try {
    return await validateDrop(db, readDrop(dir));
  } finally {
    db.close();
  }
}

/** Rewrites one table's first file through DuckDB with `select` (a SQL over the original `t`). */
async function corrupt(dir: string, table: string, select: string) {
  const drop = readDrop(dir);
  const file = join(dir, drop.files.find((f) => f.table === table)!.path);
  const db = await openDuck();
  await db.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${file}', hive_partitioning = false)`);
  await db.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
  db.close();
}

describe('validate', () => {
  let good: string;
  beforeAll(async () => {
    good = (await generateDrop({ households: 400 })).out;
  });

  it('passes every rule on a freshly generated drop, across seeds and configs', async () => {
    const configs = [
      {},
      { seed: 99, window: { end: '2024-12-31', length: '2w' }, responses: { attributionModel: 'time_decay' } },
      {
        seed: 5,
        window: { end: '2025-06-30', length: '1y' },
        responses: { attributionModel: 'first_touch' },
        engagement: { perPersonPerDay: 0.8 },
        identifiers: {
          coverage: {
            email_hash: 0.9,
            cookie_id: 0.5,
            mobile_ad_id: 0.6,
            device_id: 0.2,
            ctv_id: 0.7,
            hashed_phone: 0.1,
          },
        },
      },
    ];
    for (const overrides of configs) {
      const dir = Object.keys(overrides).length ? (await generateDrop({ households: 400, ...overrides })).out : good;
      const report = await validate(dir);
      expect(
        report.results.filter((r) => !r.ok),
        JSON.stringify(overrides),
      ).toEqual([]);
      expect(report.results.length).toBeGreaterThan(150);
    }
  });

  it('generates and validates only the core tables with output.tables = core', async () => {
    const { out, result } = await generateDrop({
      households: 300,
      output: { chunkHouseholds: 64, targetFileMB: 1, tables: 'core' },
    });
    const withRows = Object.entries(result.manifest.tables)
      .filter(([, t]) => t.rows > 0)
      .map(([name]) => name);
    expect(withRows).toEqual(['households', 'individuals', 'identity_mappings']);
    const report = await validate(out);
    expect(report.results.filter((r) => !r.ok)).toEqual([]);
    expect(
      report.results.every(
        (r) =>
          ['households', 'individuals', 'identity_mappings'].includes(r.table) ||
          r.id.endsWith('.schema') ||
          r.table === '(drop)',
      ),
    ).toBe(true);
  });

  const corruptions: [string, string, string, string][] = [
    [
      'an orphaned individual',
      'individuals',
      'SELECT * REPLACE (household_id + 100000000 AS household_id) FROM t',
      'individuals.household_id.foreign_key',
    ],
    [
      'a response before its exposure',
      'response_events',
      'SELECT * REPLACE (exposure_timestamp + INTERVAL 400 DAY AS exposure_timestamp) FROM t',
      'response_events.temporal_violations',
    ],
    [
      'a duplicate identifier',
      'identity_mappings',
      "SELECT * REPLACE (CASE WHEN identifier_type = 'cookie_id' THEN 'dup' ELSE identifier_value END AS identifier_value) FROM t",
      'identity_mappings.unique(identifier_type,identifier_value)',
    ],
    [
      'a wrong column type',
      'households',
      'SELECT * REPLACE (CAST(household_size AS VARCHAR) AS household_size) FROM t',
      'households.schema',
    ],
    [
      'a NULL in a NOT NULL column',
      'campaigns',
      'SELECT * REPLACE (NULL::VARCHAR AS goal) FROM t',
      'campaigns.goal.not_null',
    ],
    [
      'an exposure outside its flight',
      'campaign_exposures',
      'SELECT * REPLACE (exposure_timestamp + INTERVAL 200 DAY AS exposure_timestamp) FROM t',
      'campaign_exposures.out_of_campaign_period',
    ],
    [
      'weights that do not sum to 1',
      'outcome_metrics',
      'SELECT * REPLACE (attribution_weight / 2 AS attribution_weight) FROM t',
      'outcome_metrics.attribution_sums_to_one',
    ],
    [
      'a household size that disagrees with its members',
      'households',
      'SELECT * REPLACE (least(household_size + 1, 10) AS household_size) FROM t',
      'households.size_matches_members',
    ],
  ];
  for (const [what, table, select, rule] of corruptions) {
    it(`reports ${what} (${rule}) with a count and example ids`, async () => {
      const dir = join(tempDir(), 'drop');
      cpSync(good, dir, { recursive: true });
      await corrupt(dir, table, select);
      const report = await validate(dir);
      expect(report.ok).toBe(false);
      const failed = report.results.find((r) => r.id === rule)!;
      expect(failed, rule).toBeDefined();
      expect(failed.ok).toBe(false);
      expect(failed.figure).toBeGreaterThan(0);
      expect(failed.examples!.length).toBeGreaterThan(0);
      // The rewritten file no longer matches its manifest checksum either.
      expect(report.results.find((r) => r.id === 'drop.files_intact')!.ok).toBe(false);
    });
  }
});
