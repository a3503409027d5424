import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { type Duck, openDuck } from '../src/sql/duckdb-connection.js';
import type { Rule } from '../src/validate/rule.js';
import { duckExecutor, runRule } from '../src/validate/run-rules.js';
import { runRulesShared, sharedRef } from '../src/validate/shared-aggregates.js';
import { allRules } from '../src/validate/validate.js';

/**
 * The rules rewritten for speed (issue 12) against plainly written SQL of what they mean: the
 * textbook GROUP BY for duplicate keys, NOT EXISTS for "observed through", and the local hour
 * of every single row for the daily curve, on small hand-made tables holding the cases a faster
 * plan could get wrong (a key three times, an event matching two identifiers, DST switches).
 */
const rules = allRules(resolveConfig({}));
const rule = (id: string): Rule => {
  const r = rules.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
};

describe('rules rewritten for speed mean what they meant', () => {
  let db: Duck;
  beforeEach(async () => {
    db = await openDuck();
  });
  afterEach(() => db.close());

  const count = async (sql: string) => Number((await db.all(`SELECT count(*) AS n FROM (${sql}) v`))[0].n);

  it('a primary key counts each duplicated value once, as GROUP BY … HAVING count(*) > 1 does', async () => {
    await db.run('CREATE TABLE campaigns (campaign_id BIGINT)');
    await db.run('INSERT INTO campaigns VALUES (1), (2), (2), (3), (3), (3), (4), (NULL), (NULL)');
    const result = await runRule(duckExecutor(db), rule('campaigns.primary_key'));
    const textbook = await db.all(
      "SELECT coalesce(CAST(campaign_id AS VARCHAR), '') AS id FROM campaigns GROUP BY campaign_id HAVING count(*) > 1 ORDER BY 1",
    );
    expect(result.figure).toBe(3);
    expect(result.examples).toEqual(textbook.map((r) => String(r.id)));
    expect(result.status).toBe('failed');
    expect(typeof result.seconds).toBe('number');
  });

  it('a two-column key passes on distinct hashes and, on a duplicate, counts and names it as GROUP BY does', async () => {
    const r = rule('identity_mappings.unique(identifier_type,identifier_value)');
    expect(r.kind === 'violations' && r.proof).toBeTruthy();
    await db.run(`CREATE TABLE identity_mappings (identifier_type VARCHAR, identifier_value VARCHAR);
      INSERT INTO identity_mappings VALUES ('cookie_id', 'a'), ('device_id', 'a'), ('cookie_id', 'b'), (NULL, 'c'), ('cookie_id', NULL)`);
    const clean = await runRule(duckExecutor(db), r);
    expect([clean.status, clean.figure]).toEqual(['passed', 0]);
    await db.run("INSERT INTO identity_mappings VALUES ('cookie_id', 'b'), (NULL, 'c'), (NULL, 'c')");
    const dup = await runRule(duckExecutor(db), r);
    expect([dup.status, dup.figure, dup.examples]).toEqual(['failed', 2, ['c', 'cookie_id/b']]);
  });

  it("a channel outside its campaign's channels fails the rule whether its proof or its query judges it", async () => {
    const r = rule('campaign_exposures.channel_in_campaign');
    expect(r.kind === 'violations' && r.proof).toBeTruthy();
    await db.run(`CREATE TABLE campaigns (campaign_id BIGINT, channels VARCHAR[]);
      INSERT INTO campaigns VALUES (1, ['email', 'ctv']), (2, ['display']);
      CREATE TABLE campaign_exposures (exposure_id BIGINT, campaign_id BIGINT, channel VARCHAR);
      INSERT INTO campaign_exposures VALUES (10, 1, 'email'), (11, 1, 'ctv'), (12, 2, 'display'), (13, 9, 'video'), (14, 1, 'ctv')`);
    const clean = await runRule(duckExecutor(db), r);
    expect([clean.status, clean.figure]).toEqual(['passed', 0]);
    // The same wrong pair twice: two offending exposures, each named.
    await db.run("INSERT INTO campaign_exposures VALUES (15, 2, 'email'), (16, 2, 'email'), (17, 1, 'display')");
    const wrong = await runRule(duckExecutor(db), r);
    expect([wrong.status, wrong.figure, wrong.examples]).toEqual(['failed', 3, ['15', '16', '17']]);
  });

  it('observed-through rules keep an event no identifier covers and drop one that two identifiers cover', async () => {
    await db.run(`CREATE TABLE identity_mappings (individual_id BIGINT, identifier_type VARCHAR, first_seen TIMESTAMPTZ, last_seen TIMESTAMPTZ);
      INSERT INTO identity_mappings VALUES
        (1, 'cookie_id', '2025-01-01', '2025-02-01'), (1, 'mobile_ad_id', '2025-01-01', '2025-02-01'),
        (1, 'email_hash', '2025-01-01', '2025-01-10'), (2, 'ctv_id', '2025-01-01', '2025-02-01')`);
    await db.run(`CREATE TABLE campaign_exposures (exposure_id BIGINT, individual_id BIGINT, channel VARCHAR, exposure_timestamp TIMESTAMPTZ);
      INSERT INTO campaign_exposures VALUES
        (10, 1, 'display', '2025-01-05'),  -- cookie and mobile ad id both deliver display: observed
        (11, 1, 'email', '2025-01-20'),    -- email_hash no longer seen: not observed
        (12, 1, 'ctv', '2025-01-05'),      -- person 1 has no ctv_id: not observed
        (13, 2, 'video', '2025-01-05'),    -- a ctv_id delivers video: observed
        (14, 3, 'display', '2025-01-05'),  -- nobody: not observed
        (15, 2, NULL, '2025-01-05'),       -- no channel: not observed
        (16, 1, 'video', '2025-01-05'),    -- a screen delivers video: observed at the first stage
        (17, 1, 'video', '2025-03-01'),    -- no screen or TV seen then: not observed
        (18, 2, 'display', '2025-01-05')   -- a ctv_id does not deliver display: not observed`);
    await db.run(`CREATE TABLE response_events (response_id BIGINT, individual_id BIGINT, exposure_id BIGINT, response_type VARCHAR, response_timestamp TIMESTAMPTZ);
      INSERT INTO response_events VALUES
        (20, 1, 10, 'click', '2025-01-06'),       -- on the ad, display: observed
        (21, 1, 12, 'click', '2025-01-06'),       -- on the ad, ctv: person 1 has no ctv_id
        (22, 1, 12, 'conversion', '2025-01-06'),  -- on the site: any of the person's ids
        (23, 1, 10, 'visit', '2025-03-01'),       -- on the site, but no id seen then
        (24, 2, NULL, 'engagement', '2025-01-06'), -- on the ad without an exposure
        (25, 2, 13, NULL, '2025-01-06')           -- no type: judged as on the ad (video via ctv_id)`);
    await db.run(`CREATE TABLE content_engagements (event_id BIGINT, individual_id BIGINT, device_type VARCHAR, "timestamp" TIMESTAMPTZ);
      INSERT INTO content_engagements VALUES
        (30, 1, 'desktop', '2025-01-05'),  -- a cookie: observed
        (31, 1, 'ctv', '2025-01-05'),      -- person 1 has no ctv_id: not observed
        (32, 2, 'ctv', '2025-01-05'),      -- observed
        (33, 1, 'mobile', '2025-03-01'),   -- the mobile ad id no longer seen: not observed
        (34, 1, NULL, '2025-01-05'),       -- no device: not observed
        (35, 1, 'tablet', '2025-01-05')    -- no device_id: not observed`);
    const textbook = {
      engagements: `SELECT e.event_id AS id FROM content_engagements e WHERE NOT EXISTS (SELECT 1 FROM identity_mappings m
        WHERE m.individual_id = e.individual_id AND e."timestamp" BETWEEN m.first_seen AND m.last_seen AND (
          (e.device_type = 'mobile' AND m.identifier_type = 'mobile_ad_id') OR (e.device_type = 'desktop' AND m.identifier_type = 'cookie_id')
          OR (e.device_type = 'tablet' AND m.identifier_type = 'device_id') OR (e.device_type = 'ctv' AND m.identifier_type = 'ctv_id')))`,
      exposures: `SELECT e.exposure_id AS id FROM campaign_exposures e WHERE NOT EXISTS (SELECT 1 FROM identity_mappings m
        WHERE m.individual_id = e.individual_id AND e.exposure_timestamp BETWEEN m.first_seen AND m.last_seen AND (
          (e.channel = 'email' AND m.identifier_type = 'email_hash')
          OR (e.channel IN ('social', 'display') AND m.identifier_type IN ('mobile_ad_id', 'cookie_id', 'device_id'))
          OR (e.channel = 'video' AND m.identifier_type IN ('mobile_ad_id', 'cookie_id', 'device_id', 'ctv_id'))
          OR (e.channel = 'ctv' AND m.identifier_type = 'ctv_id')))`,
      responses: `SELECT r.response_id AS id FROM response_events r LEFT JOIN campaign_exposures e ON e.exposure_id = r.exposure_id
        WHERE NOT EXISTS (SELECT 1 FROM identity_mappings m WHERE m.individual_id = r.individual_id
          AND r.response_timestamp BETWEEN m.first_seen AND m.last_seen AND (r.response_type IN ('conversion', 'visit')
          OR (e.channel = 'email' AND m.identifier_type = 'email_hash')
          OR (e.channel IN ('social', 'display') AND m.identifier_type IN ('mobile_ad_id', 'cookie_id', 'device_id'))
          OR (e.channel = 'video' AND m.identifier_type IN ('mobile_ad_id', 'cookie_id', 'device_id', 'ctv_id'))
          OR (e.channel = 'ctv' AND m.identifier_type = 'ctv_id')))`,
    };
    const ids = async (sql: string) => (await db.all(`SELECT id FROM (${sql}) v ORDER BY 1`)).map((r) => Number(r.id));
    expect(await ids(rule('content_engagements.observed_through_identifier').sql)).toEqual([31, 33, 34, 35]);
    expect(await ids(textbook.engagements)).toEqual([31, 33, 34, 35]);
    expect(await ids(rule('campaign_exposures.observed_through_identifier').sql)).toEqual([11, 12, 14, 15, 17, 18]);
    expect(await ids(textbook.exposures)).toEqual([11, 12, 14, 15, 17, 18]);
    expect(await ids(rule('response_events.observed_through_identifier').sql)).toEqual([21, 23, 24]);
    expect(await ids(textbook.responses)).toEqual([21, 23, 24]);
  });

  it('the local daily curve counts by UTC hour bucket exactly as by the local hour of every row, across DST', async () => {
    await db.run(`CREATE TABLE households (household_id BIGINT, location_state VARCHAR);
      INSERT INTO households VALUES (1, 'NY'), (2, 'CA'), (3, 'AZ'), (4, 'HI'), (5, NULL)`);
    await db.run(`CREATE TABLE individuals (individual_id BIGINT, household_id BIGINT);
      INSERT INTO individuals VALUES (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 99)`);
    // Instants every 20 minutes across both 2025 switches (9 March, 2 November) for each person.
    await db.run(`CREATE TABLE campaign_exposures AS SELECT p AS individual_id, t AS exposure_timestamp
      FROM range(1, 7) AS a(p), (SELECT unnest(generate_series(TIMESTAMPTZ '2025-03-08', TIMESTAMPTZ '2025-03-11', INTERVAL 20 MINUTE)) AS t
        UNION ALL SELECT unnest(generate_series(TIMESTAMPTZ '2025-11-01', TIMESTAMPTZ '2025-11-04', INTERVAL 20 MINUTE))) b`);
    const r = rule('campaign_exposures.local_daily_curve');
    // The original rule: every row's own local hour (timezone() per row), then the distance.
    const perRow = r.sql.replace(
      /LEFT JOIN \(SELECT [\s\S]*? GROUP BY 1\) o ON o\.h = x\.h/,
      `LEFT JOIN (SELECT hour(timezone(CASE WHEN hh.location_state IN ('CA') THEN 'America/Los_Angeles' WHEN hh.location_state IN ('AZ') THEN 'America/Phoenix'
            WHEN hh.location_state IN ('HI') THEN 'Pacific/Honolulu' ELSE 'America/New_York' END, r.exposure_timestamp)) AS h, CAST(count(*) AS DOUBLE) AS c
          FROM campaign_exposures r JOIN individuals i ON i.individual_id = r.individual_id
          JOIN households hh ON hh.household_id = i.household_id GROUP BY 1) o ON o.h = x.h`,
    );
    expect(perRow).not.toBe(r.sql);
    const [fast] = await db.all(r.sql);
    const [slow] = await db.all(perRow);
    expect(Number(fast.n)).toBe(await count('SELECT * FROM campaign_exposures'));
    expect(Number(fast.figure)).toBeCloseTo(Number(slow.figure), 12);
    expect(Number(fast.figure)).toBeGreaterThan(0);
  });

  it('hour buckets floor instants before 1970 as date_trunc does', async () => {
    const hourStart = rule('campaign_exposures.local_daily_curve').sql.match(
      /make_timestamptz\(\(epoch_us[\s\S]*?\* 3600000000\)/,
    )?.[0];
    expect(hourStart).toBeDefined();
    const rows =
      await db.all(`SELECT ${hourStart!.replaceAll('r.exposure_timestamp', 't')} = date_trunc('hour', t) AS same
      FROM (VALUES (TIMESTAMPTZ '1969-12-31 23:30:00+00'), (TIMESTAMPTZ '1969-12-31 23:00:00+00'), (TIMESTAMPTZ '1900-01-01 00:00:00.000001+00'),
        (TIMESTAMPTZ '2025-03-09 07:59:59.999999+00'), (TIMESTAMPTZ '2025-03-09 08:00:00+00')) v(t)`);
    expect(rows.map((r) => r.same)).toEqual([true, true, true, true, true]);
  });

  it('rules reading a shared aggregate give the same results computed once as inline, failures included, and leave no table', async () => {
    await db.run(`CREATE TABLE content_engagements (event_id BIGINT, "timestamp" TIMESTAMPTZ, individual_id BIGINT, content_category VARCHAR);
      INSERT INTO content_engagements SELECT i, TIMESTAMPTZ '2025-07-03' + INTERVAL (i * 7) MINUTE, i % 40, CASE WHEN i % 3 = 0 THEN 'News' ELSE 'Sports' END
        FROM range(0, 20000) AS r(i)`);
    // Person 7 is not in individuals: the foreign key, proven on the aggregate's one row per person, must fail.
    await db.run('CREATE TABLE individuals AS SELECT i AS individual_id FROM range(0, 40) AS r(i) WHERE i <> 7');
    // Person 1's totals and top categories are wrong: the rules reading the aggregate must fail on them.
    await db.run(`CREATE TABLE viewership_patterns AS SELECT individual_id, count(*) + CASE WHEN individual_id = 1 THEN 1 ELSE 0 END AS total_engagements,
        max("timestamp") AS recency_last_engagement, count(*) / 90.0 AS frequency_daily_avg,
        CASE WHEN individual_id = 1 THEN ['News'] ELSE ['Sports', 'News'] END AS preferred_categories
      FROM content_engagements GROUP BY 1`);
    const ids = [
      'viewership_patterns.matches_engagements',
      'viewership_patterns.top3_categories',
      'content_engagements.activity_skew',
      'content_engagements.diurnal_cycle',
      'content_engagements.weekly_cycle',
      'content_engagements.individual_id.foreign_key',
    ];
    const chosen = ids.map(rule);
    // Each holds its aggregate inline (in its query or its proof), the text the runner replaces with the temporary table.
    const text = (r: Rule) => r.sql + (r.kind === 'violations' ? (r.proof ?? '') : '');
    expect(chosen.every((r) => r.shared?.length && r.shared.every((a) => text(r).includes(sharedRef(a))))).toBe(true);
    const inline: Awaited<ReturnType<typeof runRule>>[] = [];
    for (const r of chosen) inline.push(await runRule(duckExecutor(db), r));
    const shared = await runRulesShared(db, chosen);
    const strip = (rs: typeof inline) => rs.map(({ seconds: _, ...r }) => r);
    expect(strip(shared)).toEqual(strip(inline));
    expect(shared.find((r) => r.id === 'viewership_patterns.top3_categories')?.status).toBe('failed');
    expect(shared.find((r) => r.id === 'viewership_patterns.matches_engagements')?.examples).toContain('1');
    const orphans = shared.find((r) => r.id === 'content_engagements.individual_id.foreign_key');
    expect([orphans?.figure, orphans?.examples]).toEqual([500, ['10007', '10047', '1007', '10087', '10127']]);
    expect(await count("SELECT * FROM duckdb_tables() WHERE table_name LIKE 'idgraph_shared_%'")).toBe(0);
  });
});
