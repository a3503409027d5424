import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { fileHashes, tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';
import { TABLES as REGISTRY } from '../src/schema/registry.js';
import { readDrop } from '../src/drop/read-drop.js';

const TABLES = REGISTRY.map((t) => t.name);
const manifest = (drop: string) => JSON.parse(readFileSync(join(drop, '_manifest.json'), 'utf8'));
/** An increment may deliver no row of a table (no new people): then it has no file of it. */
const delivered = (drop: string, t: string): boolean => readDrop(drop).files.some((f) => f.table === t);
const ok = (r: { code: number | null; stderr: string }) => expect(r.code, r.stderr).toBe(0);

/** Issue 13: a lineage of base + increments, generated and loaded through the real CLI, read back by DuckDB. */
describe('incremental generation and loading', () => {
  const dir = tempDir();
  const base = join(dir, 'base');
  const inc1 = join(dir, 'inc-1');
  const inc2 = join(dir, 'inc-2');
  const inc3 = join(dir, 'inc-3');
  const gen = (...args: string[]) => cli(['generate', '-w', '2', ...args]);

  beforeAll(() => {
    ok(gen('-n', '200', '-s', '5', '--set', 'output.chunkHouseholds=64', '--set', 'window.length=21d', '--out', base));
    ok(gen('--continue', base, '--days', '7', '--out', inc1));
    ok(gen('--continue', inc1, '--days', '7', '--add-households', '40', '--out', inc2));
    ok(gen('--continue', inc2, '--days', '5', '--out', inc3));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the lineage: parent fingerprint and manifest sha256, sequence, windows, write modes', () => {
    const [b, i1, i2] = [manifest(base), manifest(inc1), manifest(inc2)];
    expect(b.lineage).toMatchObject({ id: b.fingerprint, sequence: 0, parent: null });
    expect(i1.lineage.parent.fingerprint).toBe(b.fingerprint);
    expect(i2.lineage).toMatchObject({ id: b.fingerprint, sequence: 2 });
    expect(i2.lineage.parent.fingerprint).toBe(i1.fingerprint);
    expect(i1.lineage.history[1]).toMatchObject({ start: '2025-10-01', end: '2025-10-07' });
    expect(i2.lineage.history.map((s: { households: number }) => s.households)).toEqual([200, 200, 240]);
    expect(b.lineage.writeModes).toMatchObject({ households: 'upsert', content_engagements: 'append' });
  });

  it('keeps people and ids stable, numbers new households and events after the lineage’s last', async () => {
    const db = await duck();
    try {
      // Entity tables are upserts delivering changed rows only: no known person again, only inc-2's new households' people.
      expect(delivered(inc1, 'individuals')).toBe(false);
      expect(await db.value(`SELECT min(household_id) FROM ${tableGlob(inc2, 'individuals')}`)).toBe(201);
      // An identifier redelivered keeps its id, type, value and first_seen.
      const changedIdentity = await db.value(
        `SELECT count(*) FROM ${tableGlob(base, 'identity_mappings')} b JOIN ${tableGlob(inc2, 'identity_mappings')} i USING (mapping_id)
          WHERE (b.individual_id, b.identifier_type, b.identifier_value, b.first_seen) <> (i.individual_id, i.identifier_type, i.identifier_value, i.first_seen)`,
      );
      expect(changedIdentity).toBe(0);
      // Only moved households are redelivered: each has another place than in the base.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(base, 'households')} b JOIN ${tableGlob(inc1, 'households')} i USING (household_id) WHERE b.location_zip = i.location_zip`,
        ),
      ).toBe(0);
      expect(
        await db.value(`SELECT min(household_id) FROM ${tableGlob(inc2, 'households')} WHERE household_id > 200`),
      ).toBe(201);
      expect(await db.value(`SELECT max(household_id) FROM ${tableGlob(inc2, 'households')}`)).toBe(240);
      // Appended tables never repeat an id across the lineage.
      for (const [t, key] of [
        ['content_engagements', 'event_id'],
        ['campaign_exposures', 'exposure_id'],
        ['response_events', 'response_id'],
      ]) {
        const all = [base, inc1, inc2, inc3].map((d) => `SELECT ${key} FROM ${tableGlob(d, t)}`).join(' UNION ALL ');
        expect(await db.value(`SELECT count(*) - count(DISTINCT ${key}) FROM (${all})`), t).toBe(0);
      }
      // Campaigns (an upsert): a campaign delivered again (still running) is the same row each time.
      const campaigns = [base, inc1, inc2, inc3]
        .map((d) => `SELECT * FROM ${tableGlob(d, 'campaigns')}`)
        .join(' UNION ');
      expect(await db.value(`SELECT count(*) - count(DISTINCT campaign_id) FROM (${campaigns})`), 'campaigns').toBe(0);
      // Events of an increment lie in its window.
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(inc1, 'content_engagements')} WHERE timestamp < TIMESTAMPTZ '2025-10-01' OR timestamp >= TIMESTAMPTZ '2025-10-08'`,
        ),
      ).toBe(0);
      // Churn: some active identifiers went unseen (not redelivered: unchanged until they turn inactive 45 days on),
      // some are new (first seen in the window), none moved backwards, and every redelivered one changed.
      const churn = await db.rows(`SELECT
          count(*) FILTER (WHERE b.active AND i.mapping_id IS NULL)::INT AS quiet,
          count(*) FILTER (WHERE i.last_seen > b.last_seen)::INT AS seen_again,
          count(*) FILTER (WHERE i.last_seen < b.last_seen OR i.first_seen <> b.first_seen)::INT AS backwards,
          count(*) FILTER (WHERE i.last_seen = b.last_seen AND i.active = b.active)::INT AS unchanged
        FROM ${tableGlob(base, 'identity_mappings')} b LEFT JOIN ${tableGlob(inc1, 'identity_mappings')} i USING (mapping_id)`);
      expect(churn[0].quiet).toBeGreaterThan(0);
      expect(churn[0].unchanged).toBe(0);
      expect(churn[0].seen_again).toBeGreaterThan(0);
      expect(churn[0].backwards).toBe(0);
      const fresh = await db.value(
        `SELECT count(*) FROM ${tableGlob(inc1, 'identity_mappings')} WHERE mapping_id NOT IN (SELECT mapping_id FROM ${tableGlob(base, 'identity_mappings')}) AND first_seen >= TIMESTAMPTZ '2025-10-01'`,
      );
      expect(fresh).toBeGreaterThan(0);
      const moved = await db.value(
        `SELECT count(*) FROM ${tableGlob(base, 'households')} b JOIN ${tableGlob(inc2, 'households')} i USING (household_id) WHERE b.location_zip <> i.location_zip`,
      );
      expect(moved).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('keeps each identifier type’s coverage: churn gives people new ids only of kinds they already use', async () => {
    const db = await duck();
    try {
      const later = [inc1, inc2, inc3].filter((d) => delivered(d, 'identity_mappings'));
      const all = later.map(
        (d) => `SELECT individual_id, identifier_type, first_seen FROM ${tableGlob(d, 'identity_mappings')}`,
      );
      // New ids (first seen after the base) of base people, of a type that person had no id of in the base.
      const newKinds = await db.value(
        `SELECT count(*) FROM (${all.join(' UNION ALL ')}) i
          WHERE i.individual_id IN (SELECT individual_id FROM ${tableGlob(base, 'identity_mappings')})
            AND i.first_seen >= TIMESTAMPTZ '2025-10-01'
            AND NOT EXISTS (SELECT 1 FROM ${tableGlob(base, 'identity_mappings')} b
              WHERE b.individual_id = i.individual_id AND b.identifier_type = i.identifier_type)`,
      );
      const fresh = await db.value(
        `SELECT count(*) FROM (${all.join(' UNION ALL ')}) i WHERE i.first_seen >= TIMESTAMPTZ '2025-10-01'
          AND i.individual_id IN (SELECT individual_id FROM ${tableGlob(base, 'identity_mappings')})`,
      );
      expect(fresh).toBeGreaterThan(10);
      expect(newKinds).toBe(0);
    } finally {
      db.close();
    }
  });

  it('validates an increment on its own, skipping the rules that need its lineage’s earlier rows', () => {
    const r = cli(['validate', inc2, '--json']);
    ok(r);
    const results = JSON.parse(r.stdout).results as { id: string; status: string; skipped?: string }[];
    expect(results.filter((x) => x.status === 'failed').map((x) => x.id)).toEqual([]);
    const fk = results.find((x) => x.id === 'identity_mappings.individual_id.foreign_key');
    expect(fk?.status).toBe('skipped');
    expect(fk?.skipped).toMatch(/validate --db/);
    // A response may follow an exposure of an earlier drop: judged only over the lineage.
    expect(results.find((x) => x.id === 'response_events.prior_exposure')?.status).toBe('skipped');
    expect(results.find((x) => x.id === 'outcome_metrics.response_id.foreign_key')?.status).toBe('skipped');
    expect(results.filter((x) => x.status === 'passed').length).toBeGreaterThan(50);
  });

  it('is byte-identical for the same parent and options, whatever the workers', () => {
    const again = join(dir, 'inc-1-again');
    ok(cli(['generate', '-w', '1', '--continue', base, '--days', '7', '--out', again]));
    expect(fileHashes(again)).toEqual(fileHashes(inc1));
    // inc-3 regenerates earlier drops' engagements (rolling window) and running campaigns.
    const again3 = join(dir, 'inc-3-again');
    ok(cli(['generate', '-w', '1', '--continue', inc2, '--days', '5', '--out', again3]));
    expect(fileHashes(again3)).toEqual(fileHashes(inc3));
  });

  it('reports how an increment’s thread time splits into its recompute and the rest (generate --json)', () => {
    const out = join(dir, 'inc-1-json');
    const r = cli(['generate', '-w', '1', '--continue', base, '--days', '7', '--out', out, '--json']);
    ok(r);
    const t = JSON.parse(r.stdout).threadSeconds;
    const { total, replayEngagements, replayCampaigns, derivedRows, derivedEncode, entityUpserts, people } =
      t.recompute;
    // inc-1 replays the base's engagements (rolling window) and reads its campaign paths (late responses).
    expect(replayEngagements).toBeGreaterThan(0);
    expect(replayCampaigns).toBeGreaterThan(0);
    expect(derivedRows).toBeGreaterThan(0);
    expect(derivedEncode).toBeGreaterThan(0);
    expect(entityUpserts).toBeGreaterThan(0);
    expect(people).toBeGreaterThan(0);
    // The entity upserts and the people drawn again are reported apart, not in the total.
    expect(total).toBeCloseTo(replayEngagements + replayCampaigns + derivedRows + derivedEncode, 2);
    // The recompute is CPU time apportioned from the workers' generate and encode time
    // (recompute-time.ts): never more CPU than every core running through all of it.
    expect(total + entityUpserts + people).toBeLessThanOrEqual((t.generate + t.encode) * availableParallelism());
    // A base recomputes nothing.
    const b = cli(['generate', '-w', '1', '-n', '20', '-s', '5', '--out', join(dir, 'base-json'), '--json']);
    ok(b);
    expect(JSON.parse(b.stdout).threadSeconds.recompute.total).toBe(0);
  });

  it('continues running campaigns: an increment’s flights run on into the next increments’ exposures', async () => {
    const db = await duck();
    try {
      const ids = (d: string) => `SELECT campaign_id FROM ${tableGlob(d, 'campaigns')}`;
      // inc-1 starts campaigns whose flights end after its window; inc-3 exposes people to them, inside inc-3's window and the flight.
      expect(
        await db.value(`SELECT count(*) FROM ${tableGlob(inc1, 'campaigns')} WHERE end_date > DATE '2025-10-07'`),
      ).toBeGreaterThan(0);
      const running =
        await db.rows(`SELECT count(*)::INT n, count(*) FILTER (WHERE e.exposure_timestamp < TIMESTAMPTZ '2025-10-15'
            OR e.exposure_timestamp >= TIMESTAMPTZ '2025-10-20' OR e.exposure_timestamp < CAST(c.start_date AS TIMESTAMPTZ)
            OR e.exposure_timestamp >= CAST(c.end_date AS TIMESTAMPTZ) + INTERVAL 1 DAY)::INT bad
          FROM ${tableGlob(inc3, 'campaign_exposures')} e JOIN (${ids(inc1)} UNION ALL ${ids(inc2)}) USING (campaign_id)
          JOIN (SELECT * FROM ${tableGlob(inc1, 'campaigns')} UNION ALL SELECT * FROM ${tableGlob(inc2, 'campaigns')}) c USING (campaign_id)`);
      expect(running[0].n).toBeGreaterThan(0);
      expect(running[0].bad).toBe(0);
      // Running campaigns are delivered again, unchanged, so the increment holds the campaign of each exposure.
      expect(
        await db.value(
          `SELECT count(*) FROM (SELECT * FROM ${tableGlob(inc3, 'campaigns')} WHERE campaign_id IN (${ids(inc1)} UNION ${ids(inc2)})
            EXCEPT SELECT * FROM (SELECT * FROM ${tableGlob(inc1, 'campaigns')} UNION ALL SELECT * FROM ${tableGlob(inc2, 'campaigns')}))`,
        ),
      ).toBe(0);
      expect(
        await db.value(`SELECT count(*) FROM ${tableGlob(inc3, 'campaigns')} WHERE campaign_id IN (${ids(inc1)})`),
      ).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('--shard K/N works for an increment: the shards hold exactly the rows of the single run', async () => {
    // inc-3 also walks paths begun in earlier drops (src/gen/continue/paths.ts).
    for (const [parent, single, days] of [
      [base, inc1, '7'],
      [inc2, inc3, '5'],
    ]) {
      const sharded = `${single}-sharded`;
      for (const k of ['0/2', '1/2'])
        ok(cli(['generate', '-w', '1', '--continue', parent, '--days', days, '--shard', k, '--out', sharded]));
      const db = await duck();
      try {
        for (const t of TABLES) {
          expect(delivered(sharded, t), t).toBe(delivered(single, t));
          if (!delivered(single, t)) continue;
          const [one, two] = [tableGlob(single, t), tableGlob(sharded, t)];
          expect(await db.value(`SELECT count(*) FROM (SELECT * FROM ${one} EXCEPT ALL SELECT * FROM ${two})`), t).toBe(
            0,
          );
          expect(await db.value(`SELECT count(*) FROM ${two}`), t).toBe(await db.value(`SELECT count(*) FROM ${one}`));
        }
      } finally {
        db.close();
      }
    }
  });

  it('continues paths across drops: a response in an increment follows an exposure its parent delivered', async () => {
    const db = await duck();
    try {
      // Read back from the drops' own files: each increment's responses joined with its parent's exposures.
      const pairs = [
        [base, inc1],
        [inc1, inc2],
        [inc2, inc3],
      ]
        .map(
          ([parent, child]) =>
            `SELECT r.*, e.individual_id AS e_person, e.campaign_id AS e_campaign, e.exposure_timestamp AS e_at
              FROM ${tableGlob(child, 'response_events')} r JOIN ${tableGlob(parent, 'campaign_exposures')} e USING (exposure_id)`,
        )
        .join(' UNION ALL ');
      const [row] = await db.rows(`SELECT count(*)::INT n,
          count(*) FILTER (WHERE e_person <> individual_id OR e_campaign <> campaign_id OR e_at <> exposure_timestamp
            OR e_at > response_timestamp)::INT bad FROM (${pairs})`);
      expect(row.n).toBeGreaterThan(0);
      expect(row.bad).toBe(0);
      // The base's paths continue too: inc-1 holds responses to exposures of the base (which never changes).
      expect(
        await db.value(
          `SELECT count(*) FROM ${tableGlob(inc1, 'response_events')} WHERE exposure_id IN (SELECT exposure_id FROM ${tableGlob(base, 'campaign_exposures')})`,
        ),
      ).toBeGreaterThan(0);
      // Such an exposure is not delivered again: no exposure id is in two drops (also checked above).
      const again = await db.value(
        `SELECT count(*) FROM ${tableGlob(inc2, 'campaign_exposures')} WHERE exposure_id IN (SELECT exposure_id FROM ${tableGlob(inc1, 'campaign_exposures')})`,
      );
      expect(again).toBe(0);
      // The outcome rows of a path are delivered again, whole, by the drop that adds a touch to it;
      // the latest row of each outcome (by computed_at, over every drop's files) sums to 1 per path.
      const outcomes = [base, inc1, inc2, inc3]
        .map((d) => `SELECT * FROM ${tableGlob(d, 'outcome_metrics')}`)
        .join(' UNION ALL ');
      const responses = [base, inc1, inc2, inc3]
        .map((d) => `SELECT * FROM ${tableGlob(d, 'response_events')}`)
        .join(' UNION ALL ');
      const [paths] =
        await db.rows(`WITH latest AS (SELECT * FROM (${outcomes}) QUALIFY row_number() OVER (PARTITION BY outcome_id ORDER BY computed_at DESC) = 1)
        SELECT count(*)::INT paths, count(*) FILTER (WHERE abs(w - 1) > 1e-9)::INT bad, count(*) FILTER (WHERE drops > 1)::INT spanning
        FROM (SELECT r.individual_id, r.campaign_id, sum(o.attribution_weight) w, count(DISTINCT CASE WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-01' THEN 0 WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-08' THEN 1 WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-15' THEN 2 ELSE 3 END) drops
          FROM latest o JOIN (${responses}) r USING (response_id) GROUP BY ALL)`);
      expect(paths.paths).toBeGreaterThan(0);
      expect(paths.spanning).toBeGreaterThan(0);
      expect(paths.bad).toBe(0);
    } finally {
      db.close();
    }
  });

  it('targets each drop’s part of a path by that drop’s audience rows (campaigns.offTargetShare 0.1)', async () => {
    const db = await duck();
    try {
      // Reach outside a campaign's target segments ÷ reach inside, per increment, against the
      // audience rows that increment delivered: targeting planned from anything else drifts (0.3 and more).
      for (const d of [inc2, inc3]) {
        const [row] = await db.rows(`WITH j AS (
            SELECT list_has_any(c.target_segment, list_prepend(a.segment_primary, coalesce(a.segment_secondary, []))) AS on_target,
              e.individual_id IS NOT NULL AS exposed
            FROM ${tableGlob(d, 'audience_attributes')} a CROSS JOIN ${tableGlob(d, 'campaigns')} c
            LEFT JOIN (SELECT DISTINCT individual_id, campaign_id FROM ${tableGlob(d, 'campaign_exposures')}) e
              ON e.individual_id = a.individual_id AND e.campaign_id = c.campaign_id)
          SELECT (avg(exposed::INT) FILTER (WHERE NOT on_target) / avg(exposed::INT) FILTER (WHERE on_target))::DOUBLE AS ratio,
            count(*) FILTER (WHERE on_target AND exposed)::INT AS n FROM j`);
        expect(row.n, d).toBeGreaterThan(100);
        expect(row.ratio, d).toBeGreaterThan(0.03);
        expect(row.ratio, d).toBeLessThan(0.2);
      }
    } finally {
      db.close();
    }
  });

  it('refuses config flags with --continue and --days without it', () => {
    const a = cli(['generate', '--continue', base, '--days', '7', '-n', '5', '--out', join(dir, 'x')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--households would change the population/);
    const b = cli(['generate', '--days', '7', '--out', join(dir, 'y')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--days only applies with --continue/);
    // Exposure and response ids of paths are derived from the campaign: a lineage that would run out of them is refused.
    // 590 campaigns a 90-day window carry in 311 more: 12 × (3 × 901 + 1) fits a person's 2^16 numbers
    // (src/gen/continue/path-ids.ts), a 7-day increment's 46 more do not.
    const crowded = join(dir, 'crowded');
    ok(gen('-n', '5', '--set', 'campaigns.count=590', '--out', crowded));
    const c = cli(['generate', '--continue', crowded, '--days', '7', '--out', join(dir, 'z')]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/too many for campaigns.frequencyCap 12: .* 2\^16 in all/);
    expect(c.stderr).toMatch(/fix: start a new lineage/);
  });

  describe('loaded into DuckDB', () => {
    const dbFile = join(dir, 'graph.duckdb');
    const counts = async (file: string) => {
      const r = cli([
        'sql',
        '--db',
        file,
        '--json',
        TABLES.map((t) => `SELECT '${t}' t, count(*)::INT n FROM ${t}`).join(' UNION ALL '),
      ]);
      ok(r);
      return Object.fromEntries((JSON.parse(r.stdout) as { t: string; n: number }[]).map((x) => [x.t, x.n]));
    };
    const dbHash = (file: string) => fileHashes(dir)[file.slice(dir.length + 1)];

    it('refuses an increment whose parent is not loaded, naming the parent, and changes nothing', () => {
      const r = cli(['load', inc1, '--db', dbFile]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`continues drop ${manifest(base).fingerprint}`);
      expect(r.stderr).toMatch(/fix: load drop \w+ first/);
    });

    it('gives the expected row counts for base + 3 increments; reruns change nothing', async () => {
      ok(cli(['load', base, '--db', dbFile]));
      ok(cli(['load', inc1, '--db', dbFile]));
      const before2 = await counts(dbFile);
      ok(cli(['load', inc2, '--db', dbFile]));
      ok(cli(['load', inc3, '--db', dbFile]));
      const after = await counts(dbFile);
      const drops = [base, inc1, inc2, inc3];
      const db = await duck();
      try {
        for (const t of TABLES) {
          const mode = manifest(base).lineage.writeModes[t];
          if (mode === 'append') expect(after[t], t).toBe(drops.reduce((n, d) => n + manifest(d).tables[t].rows, 0));
          else {
            // Upserts: one row per distinct key over the four drops (read back by DuckDB from the files).
            const key = REGISTRY.find((x) => x.name === t)!.primaryKey;
            const keys = drops
              .filter((d) => delivered(d, t))
              .map((d) => `SELECT ${key} FROM ${tableGlob(d, t)}`)
              .join(' UNION ');
            expect(after[t], t).toBe(await db.value(`SELECT count(*) FROM (${keys})`));
          }
        }
        expect(before2.households).toBe(200);
        expect(after.households).toBe(240);
        expect(after.individuals).toBe(manifest(base).tables.individuals.rows + manifest(inc2).tables.individuals.rows);
      } finally {
        db.close();
      }
      const hash = dbHash(dbFile);
      for (const d of drops) {
        const r = cli(['load', d, '--db', dbFile]);
        ok(r);
        expect(r.stdout).toMatch(/0 files loaded/);
      }
      expect(await counts(dbFile)).toEqual(after);
      expect(dbHash(dbFile)).toBe(hash);
    });

    it('sums attribution to 1 per path (person, campaign) over the whole database, across increments', () => {
      const r = cli([
        'sql',
        '--db',
        dbFile,
        '--json',
        `SELECT count(*)::INT paths, count(*) FILTER (WHERE abs(w - 1) > 1e-9)::INT bad,
            count(*) FILTER (WHERE drops > 1)::INT spanning FROM (
          SELECT r.individual_id, o.campaign_id, sum(o.attribution_weight) w, count(DISTINCT CASE WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-01' THEN 0 WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-08' THEN 1 WHEN r.response_timestamp < TIMESTAMPTZ '2025-10-15' THEN 2 ELSE 3 END) drops
          FROM outcome_metrics o JOIN response_events r USING (response_id) GROUP BY ALL)`,
      ]);
      ok(r);
      const [row] = JSON.parse(r.stdout);
      expect(row.paths).toBeGreaterThan(0);
      // Paths whose touches lie in more than one drop's window are among them.
      expect(row.spanning).toBeGreaterThan(0);
      expect(row.bad).toBe(0);
    });

    it('passes validate --db over base + 3 increments, and a ledger that still sums to every table', () => {
      const r = cli(['validate', '--db', dbFile, '--json']);
      const failed = (JSON.parse(r.stdout).results as { id: string; status: string }[]).filter(
        (x) => x.status === 'failed',
      );
      expect(failed.map((f) => f.id)).toEqual([]);
      expect(r.code).toBe(0);
    });

    it('upserts carry the increment’s values (a household that moved has its new ZIP)', async () => {
      const db = await duck();
      try {
        const moved = await db.rows(
          `SELECT i.household_id, i.location_zip FROM ${tableGlob(base, 'households')} b JOIN ${tableGlob(inc2, 'households')} i USING (household_id) WHERE b.location_zip <> i.location_zip LIMIT 1`,
        );
        const r = cli([
          'sql',
          '--db',
          dbFile,
          '--json',
          `SELECT location_zip FROM households WHERE household_id = ${moved[0].household_id}`,
        ]);
        expect(JSON.parse(r.stdout)[0].location_zip).toBe(moved[0].location_zip);
      } finally {
        db.close();
      }
    });

    it('refuses a drop of another lineage and a forked increment, leaving the database unchanged', () => {
      const other = join(dir, 'other');
      ok(
        gen('-n', '100', '-s', '6', '--set', 'output.chunkHouseholds=64', '--set', 'window.length=14d', '--out', other),
      );
      const hash = dbHash(dbFile);
      const r = cli(['load', other, '--db', dbFile]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/this database holds another lineage/);
      const fork = join(dir, 'fork');
      ok(gen('--continue', inc1, '--days', '3', '--out', fork));
      const f = cli(['load', fork, '--db', dbFile]);
      expect(f.code).toBe(2);
      expect(f.stderr).toContain(`continues drop ${manifest(inc1).fingerprint}`);
      expect(f.stderr).toContain(`moved on to drop ${manifest(inc3).fingerprint}`);
      expect(dbHash(dbFile)).toBe(hash);
    });
  });
});
