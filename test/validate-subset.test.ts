import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import type { RunConfig } from '../src/config/schema.js';
import { readDrop } from '../src/drop/read-drop.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { databricksDialect } from '../src/sql/dialect-databricks.js';
import { runRulesShared } from '../src/validate/shared-aggregates.js';
import { SUBSET_HOUSEHOLDS, subsetModulus } from '../src/validate/subset.js';
import { allRules } from '../src/validate/validate.js';
import { generateDrop } from './helpers/drops.js';
import { type MutableDrop, mutableDrop, shuffle } from './helpers/mutable-drop.js';

/**
 * Distribution rules over the event tables are estimated on 1 in K people above
 * 2 × SUBSET_HOUSEHOLDS households (src/validate/subset.ts, issue 12). Constraint rules never
 * sample; below the threshold nothing does; and an estimated rule still fails on plainly wrong data.
 */
const ESTIMATED = [
  'content_engagements.local_daily_curve',
  'campaign_exposures.local_daily_curve',
  'campaign_exposures.served_while_online',
  'content_engagements.diurnal_cycle',
  'content_engagements.weekly_cycle',
  'campaign_exposures.on_target',
  'campaign_exposures.volume_follows_activity',
  'response_events.propensity_drives_response',
  'identity_mappings.recency_follows_activity',
].sort();

const at = (households: number): RunConfig => ({ ...resolveConfig({}), households });

describe('distribution rules estimated on a subset of people', () => {
  it('below 2 × SUBSET_HOUSEHOLDS households every row counts: no rule holds a subset', () => {
    const config = at(2 * SUBSET_HOUSEHOLDS - 1);
    expect(subsetModulus(config)).toBe(1);
    for (const r of allRules(config)) expect(r.sql, r.id).not.toMatch(/hash\(/);
  });

  it('above it exactly the estimated figure rules read 1 in K people, on DuckDB and Databricks; no constraint rule samples', () => {
    const config = at(10 * SUBSET_HOUSEHOLDS);
    expect(subsetModulus(config)).toBe(10);
    const sampled = allRules(config).filter(
      (r) => r.sql.includes('hash(individual_id) % 10 = 0') || /hash\(\w+\.individual_id\) % 10 = 0/.test(r.sql),
    );
    expect(sampled.map((r) => r.id).sort()).toEqual(ESTIMATED);
    for (const r of sampled) {
      expect(r.kind, r.id).toBe('figure');
      expect(r.description, r.id).toContain('estimated on 1 in 10 people');
    }
    const spark = allRules(config, databricksDialect({ catalog: 'main', schema: 'synthetic_data' }));
    const sparkSampled = spark.filter((r) => /pmod\(xxhash64\([\w.]*individual_id\), 10\) = 0/.test(r.sql));
    expect(sparkSampled.map((r) => r.id).sort()).toEqual(ESTIMATED);
  });

  it('the subset is about 1 in K of the ids and the same on every run', async () => {
    const db = await openDuck();
    try {
      const pick = 'SELECT list(range ORDER BY range) AS ids FROM range(1, 200001) WHERE hash(range) % 10 = 0';
      const [a] = await db.all(pick);
      const [b] = await db.all(pick);
      const ids = a.ids as number[];
      expect(b.ids).toEqual(ids);
      // 20,000 expected; 4 standard errors ≈ 540.
      expect(Math.abs(ids.length - 20_000)).toBeLessThan(540);
      // Not a pattern of the ids (individual ids are household × 16 + member): every member slot is picked.
      const slots = new Set(ids.map((id) => Number(id) % 16));
      expect(slots.size).toBe(16);
    } finally {
      db.close();
    }
  });
});

/** [rule id, what is wrong, statements]: estimated rules fed plainly wrong data, as in fidelity-rules.test.ts. */
const MUTATIONS: [string, string, string[]][] = [
  [
    'campaign_exposures.local_daily_curve',
    'the local curve applied as if it were UTC',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp - INTERVAL 6 HOUR'],
  ],
  [
    'content_engagements.local_daily_curve',
    'uniform hours',
    [`UPDATE content_engagements SET "timestamp" = date_trunc('day', "timestamp") + to_hours(event_id % 24)`],
  ],
  [
    'content_engagements.diurnal_cycle',
    'uniform hours',
    [
      `UPDATE content_engagements SET "timestamp" = date_trunc('day', "timestamp") + to_hours(event_id % 24) + to_minutes(event_id % 60)`,
    ],
  ],
  [
    'campaign_exposures.served_while_online',
    'exposures served at night',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp + INTERVAL 12 HOUR'],
  ],
  [
    'campaign_exposures.on_target',
    'exposures to people shuffled',
    [shuffle('campaign_exposures', 'individual_id', 'exposure_id')],
  ],
  [
    'campaign_exposures.volume_follows_activity',
    'exposures spread evenly over people whatever their activity',
    [
      'UPDATE campaign_exposures SET individual_id = v.ids[1 + (exposure_id * 7919) % len(v.ids)] FROM (SELECT list(individual_id) ids FROM individuals) v',
    ],
  ],
  [
    'response_events.propensity_drives_response',
    'shuffled propensity',
    [shuffle('audience_attributes', 'propensity_to_convert', 'attribute_id')],
  ],
  [
    'identity_mappings.recency_follows_activity',
    'last_seen shuffled across identifiers',
    [shuffle('identity_mappings', 'last_seen', 'mapping_id')],
  ],
];

describe('an estimated rule judged on 1 in 2 people still fails on plainly wrong data', () => {
  let drop: MutableDrop;
  let config: RunConfig;
  beforeAll(async () => {
    const { out } = await generateDrop({
      households: 4000,
      seed: 1,
      output: { chunkHouseholds: 512, targetFileMB: 8 },
    });
    // The rules of a config twice the threshold (K = 2), judged on this drop: about half its people.
    config = { ...readDrop(out).config, households: 2 * SUBSET_HOUSEHOLDS };
    drop = await mutableDrop(out);
  });
  afterAll(() => drop?.close());

  for (const [id, what, statements] of MUTATIONS) {
    it(`${id} fails on ${what}`, async () => {
      const rule = allRules(config).find((r) => r.id === id);
      expect(rule?.sql, id).toMatch(/hash\([\w.]*individual_id\) % 2 = 0/);
      const clean = await drop.judge(rule!);
      expect(clean.status, `passes on the generated data: ${clean.figure} in ${clean.expected}, n ${clean.n}`).toBe(
        'passed',
      );
      const result = await drop.judge(rule!, statements);
      expect(result.error, 'fails by its figure, not by a broken statement').toBeUndefined();
      expect(result.status, `${id}: figure ${result.figure}, expected ${result.expected}`).toBe('failed');
    });
  }
});

describe('top 3 categories ranked in the per-person aggregate', () => {
  it('ranks by count, then by category order, as the data model says; a wrong order or list fails', async () => {
    const db = await openDuck();
    try {
      // Person 1: Sports 3, Music 2, News 2, Kids 1 → Sports, News (before Music in category order), Music.
      // Person 2: Gaming 1 → Gaming alone. Person 3: Kids 2, Education 2 → Education, Kids.
      await db.run(`CREATE TABLE content_engagements (individual_id BIGINT, content_category VARCHAR, "timestamp" TIMESTAMPTZ);
        INSERT INTO content_engagements SELECT p, c, TIMESTAMPTZ '2025-08-01' FROM (VALUES
          (1, 'Sports'), (1, 'Sports'), (1, 'Sports'), (1, 'Music'), (1, 'Music'), (1, 'News'), (1, 'News'), (1, 'Kids'),
          (2, 'Gaming'), (3, 'Kids'), (3, 'Kids'), (3, 'Education'), (3, 'Education')) v(p, c)`);
      const top3 = allRules(resolveConfig({})).find((r) => r.id === 'viewership_patterns.top3_categories')!;
      const judge = async (lists: string[]) => {
        await db.run('DROP TABLE IF EXISTS viewership_patterns');
        await db.run(
          `CREATE TABLE viewership_patterns AS SELECT * FROM (VALUES (1, ${lists[0]}), (2, ${lists[1]}), (3, ${lists[2]})) v(individual_id, preferred_categories)`,
        );
        return runRulesShared(db, [top3]).then(([r]) => [r.status, r.examples]);
      };
      expect(await judge(["['Sports', 'News', 'Music']", "['Gaming']", "['Education', 'Kids']"])).toEqual([
        'passed',
        [],
      ]);
      expect(await judge(["['Sports', 'Music', 'News']", "['Gaming']", "['Kids', 'Education']"])).toEqual([
        'failed',
        ['1', '3'],
      ]);
      expect(
        await judge(["['Sports', 'News', 'Music', 'Kids']", "['Gaming', 'News']", "['Education', 'Kids']"]),
      ).toEqual(['failed', ['1', '2']]);
    } finally {
      db.close();
    }
  });
});
