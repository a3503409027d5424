import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { allRules, validateDrop } from '../src/validate/validate.js';
import { generateDrop } from './helpers/drops.js';
import { type MutableDrop, mutableDrop, shuffle } from './helpers/mutable-drop.js';

/**
 * Every distribution and correlation rule, fed plainly wrong data (uniform, shuffled, constant),
 * must fail; and the generator must pass all of them at 2,000 households for three seeds.
 */
const HOUSEHOLDS = 2000;
const SEEDS = [1, 2, 3];
const dirs: string[] = [];
const config = (seed: number) => ({ households: HOUSEHOLDS, seed, output: { chunkHouseholds: 512, targetFileMB: 8 } });

/** [rule id, what is wrong, statements that make it wrong]. */
const MUTATIONS: [string, string, string[]][] = [
  ['households.size_mean', 'constant size 5', ['UPDATE households SET household_size = 5']],
  ['households.size_1', 'constant size 3', ['UPDATE households SET household_size = 3']],
  ['households.size_6_plus', 'uniform sizes 1..10', ['UPDATE households SET household_size = 1 + household_id % 10']],
  [
    'households.housing_house',
    'uniform housing',
    ["UPDATE households SET housing_type = ['house', 'apartment', 'condo', 'other'][1 + household_id % 4]"],
  ],
  ['households.income_<30K', 'constant bracket', ["UPDATE households SET income_bracket = '60-100K'"]],
  [
    'content_engagements.type_view',
    'uniform engagement types',
    [
      "UPDATE content_engagements SET engagement_type = ['view', 'click', 'share', 'like', 'comment'][1 + event_id % 5]",
    ],
  ],
  ['individuals.gender_Male', 'constant gender', ["UPDATE individuals SET gender = 'Female'"]],
  ['individuals.age_18_24', 'uniform ages 18..100', ['UPDATE individuals SET age = 18 + (individual_id * 7919) % 83']],
  [
    'individuals.age_85_plus',
    'uniform ages 18..100',
    ['UPDATE individuals SET age = 18 + (individual_id * 7919) % 83'],
  ],
  ['individuals.age_35_44', 'constant age', ['UPDATE individuals SET age = 60']],
  ['individuals.education_by_age', 'shuffled education', [shuffle('individuals', 'education_level', 'individual_id')]],
  ['individuals.education_by_age', 'constant education', ["UPDATE individuals SET education_level = 'Bachelor'"]],
  ['individuals.degree_share_25_64', 'constant education', ["UPDATE individuals SET education_level = 'Master'"]],
  [
    'individuals.no_retirees_under_50',
    'young people retired',
    ["UPDATE individuals SET employment_status = 'Retired' WHERE age < 30"],
  ],
  [
    'individuals.retired_share_67_plus',
    'shuffled employment',
    [shuffle('individuals', 'employment_status', 'individual_id')],
  ],
  [
    'individuals.income_rises_with_age',
    'shuffled income',
    [shuffle('individuals', 'income_individual', 'individual_id')],
  ],
  [
    'individuals.income_rises_with_education',
    'shuffled income',
    [shuffle('individuals', 'income_individual', 'individual_id')],
  ],
  [
    'identity_mappings.coverage_email_hash',
    'every identifier an email',
    ["UPDATE identity_mappings SET identifier_type = 'email_hash'"],
  ],
  [
    'content_engagements.diurnal_cycle',
    'uniform hours',
    [
      `UPDATE content_engagements SET "timestamp" = date_trunc('day', "timestamp") + to_hours(event_id % 24) + to_minutes(event_id % 60)`,
    ],
  ],
  [
    'content_engagements.weekly_cycle',
    'uniform weekdays',
    [
      `UPDATE content_engagements SET "timestamp" = DATE '2025-07-07' + to_days((event_id * 13) % 84) + to_hours(hour("timestamp"))`,
    ],
  ],
  [
    'content_engagements.activity_skew',
    'events spread evenly over people',
    [
      'UPDATE content_engagements SET individual_id = v.ids[1 + (event_id * 7919) % len(v.ids)] FROM (SELECT list(individual_id) ids FROM individuals) v',
    ],
  ],
  [
    'response_events.propensity_drives_response',
    'shuffled propensity',
    [shuffle('audience_attributes', 'propensity_to_convert', 'attribute_id')],
  ],
  [
    'content_engagements.local_daily_curve',
    'daylight saving time ignored (an hour late all summer)',
    [`UPDATE content_engagements SET "timestamp" = "timestamp" + INTERVAL 1 HOUR`],
  ],
  [
    'content_engagements.local_daily_curve',
    'uniform hours',
    [`UPDATE content_engagements SET "timestamp" = date_trunc('day', "timestamp") + to_hours(event_id % 24)`],
  ],
  [
    'campaign_exposures.local_daily_curve',
    'the local curve applied as if it were UTC',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp - INTERVAL 6 HOUR'],
  ],
  [
    'campaign_exposures.local_daily_curve',
    'daylight saving time ignored (an hour late all summer)',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp + INTERVAL 1 HOUR'],
  ],
  [
    'campaign_exposures.served_while_online',
    'exposures served at night',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp + INTERVAL 12 HOUR'],
  ],
  [
    'outcome_metrics.no_revenue_without_action',
    'revenue on no_action outcomes',
    ["UPDATE outcome_metrics SET revenue = 12.5 WHERE conversion_status = 'no_action'"],
  ],
  ['outcome_metrics.revenue_is_path_value', 'revenue doubled', ['UPDATE outcome_metrics SET revenue = revenue * 2']],
  [
    'outcome_metrics.weights_follow_model',
    'weight 1 on every touch',
    ['UPDATE outcome_metrics SET attribution_weight = 1'],
  ],
  [
    'outcome_metrics.weights_follow_model',
    'shuffled weights',
    [shuffle('outcome_metrics', 'attribution_weight', 'outcome_id')],
  ],
  [
    'outcome_metrics.multi_touch_paths',
    'every response its own path',
    ['UPDATE response_events SET individual_id = response_id'],
  ],
  [
    'campaign_exposures.email_needs_email_id',
    'every exposure an email',
    ["UPDATE campaign_exposures SET channel = 'email'"],
  ],
  [
    'campaign_exposures.volume_follows_activity',
    'exposures spread evenly over people whatever their activity',
    [
      'UPDATE campaign_exposures SET individual_id = v.ids[1 + (exposure_id * 7919) % len(v.ids)] FROM (SELECT list(individual_id) ids FROM individuals) v',
    ],
  ],
  [
    'content_engagements.observed_through_identifier',
    'shuffled devices',
    [shuffle('content_engagements', 'device_type', 'event_id')],
  ],
  [
    'campaign_exposures.observed_through_identifier',
    'channels shuffled across exposures (ads on screens people do not have)',
    [shuffle('campaign_exposures', 'channel', 'exposure_id')],
  ],
  [
    'campaign_exposures.observed_through_identifier',
    'exposures moved 91 days on, past the as-of time, when no id is seen',
    ['UPDATE campaign_exposures SET exposure_timestamp = exposure_timestamp + INTERVAL 91 DAY'],
  ],
  [
    'response_events.observed_through_identifier',
    'every response a click on a CTV ad',
    ["UPDATE campaign_exposures SET channel = 'ctv'", "UPDATE response_events SET response_type = 'click'"],
  ],
  [
    'response_events.observed_through_identifier',
    'responses four years back, before any identifier was first seen',
    ['UPDATE response_events SET response_timestamp = response_timestamp - INTERVAL 4 YEAR'],
  ],
  [
    'identity_mappings.recency_follows_activity',
    'last_seen shuffled across identifiers',
    [shuffle('identity_mappings', 'last_seen', 'mapping_id')],
  ],
  ['identity_mappings.active_means_recent', 'every identifier active', ['UPDATE identity_mappings SET active = true']],
  [
    'identity_mappings.inactive_share',
    'every identifier seen at the as-of time',
    ['UPDATE identity_mappings SET last_seen = (SELECT max(created_at) FROM individuals)'],
  ],
  [
    'campaign_exposures.cpm_display',
    'costs shuffled across channels',
    [shuffle('campaign_exposures', 'cost', 'exposure_id')],
  ],
  ['campaign_exposures.cpm_ctv', 'constant cost', ['UPDATE campaign_exposures SET cost = 0.01']],
  [
    'campaign_exposures.on_target',
    'exposures to people shuffled',
    [shuffle('campaign_exposures', 'individual_id', 'exposure_id')],
  ],
];

describe('rules that can fail', () => {
  let drop: MutableDrop;
  beforeAll(async () => {
    for (const seed of SEEDS) dirs.push((await generateDrop(config(seed))).out);
    drop = await mutableDrop(dirs[0]);
  });
  afterAll(() => {
    drop?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it(`passes every rule at ${HOUSEHOLDS.toLocaleString('en-US')} households for seeds ${SEEDS.join(', ')}`, async () => {
    for (const dir of dirs) {
      const db = await openDuck();
      const report = await validateDrop(db, readDrop(dir)).finally(() => db.close());
      expect(
        report.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.skipped ?? r.figure}`),
      ).toEqual([]);
    }
  });

  for (const [id, what, statements] of MUTATIONS) {
    it(`${id} fails on ${what}`, async () => {
      const rule = allRules(readDrop(dirs[0]).config).find((r) => r.id === id);
      expect(rule, id).toBeDefined();
      expect((await drop.judge(rule!)).status, 'passes on the generated data').toBe('passed');
      const result = await drop.judge(rule!, statements);
      expect(result.error, 'fails by its figure, not by a broken statement').toBeUndefined();
      expect(result.status, `${id}: figure ${result.figure}, expected ${result.expected}`).toBe('failed');
    });
  }
});
