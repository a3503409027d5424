import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { TABLES } from '../src/schema/registry.js';
import { cliAsync } from './helpers/cli-async.js';
import { duck, tableGlob } from './helpers/duckdb.js';
import { tempDir } from './helpers/drops.js';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { s3Mirror, type StagingMirror, volumeMirror } from './helpers/fake-databricks/delta/staging-sources.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';
import { fakeWarehouseEnv } from './helpers/fake-warehouse-env.js';
import { isolatedAwsEnv } from './helpers/s3-cli.js';
import { type S3Server, startS3Server } from './helpers/s3-server.js';
import { sharedDrop } from './helpers/shared-drops.js';

/**
 * The loader end to end: the real CLI and the real @databricks/sql driver against a local
 * endpoint speaking its Thrift protocol over TLS, which executes what it receives with Delta
 * semantics (test/helpers/fake-databricks/delta): tables, CHECKs, COPY INTO against the staged
 * Parquet files, Unity Catalog grants. What only a real warehouse can confirm is listed in the README.
 */
const TOKEN = 'dapi-fake-0123456789abcdef';
const STAGING = '/Volumes/main/synth/landing/run-1';
/** Every grant a loader needs, as an admin would give them (information_schema shows them as USE_CATALOG, …). */
const LOADER_GRANTS = [
  { securable: 'CATALOG' as const, object: 'main', privilege: 'USE CATALOG' },
  { securable: 'CATALOG' as const, object: 'main', privilege: 'CREATE SCHEMA' },
];

describe('idgraph load --engine databricks', () => {
  let drop: string;
  let expectedRows: Record<string, number>;
  let fake: FakeDatabricks;
  let emulator: DeltaEmulator;
  let mirror: StagingMirror;
  let env: NodeJS.ProcessEnv;
  let connection: string[];
  let common: string[];
  let dir: string;

  beforeAll(async () => {
    // Read only (staged into the fake volume by copying its bytes): the run's shared drop.
    drop = await sharedDrop('small');
    expectedRows = Object.fromEntries(TABLES.map((t) => [t.name, readDrop(drop).manifests[0].tables[t.name].rows]));
  });

  /** A fake warehouse running the emulator; the drop staged on its volume (or read from S3). */
  async function start(options: { grants?: typeof LOADER_GRANTS; s3?: S3Server; refuseStaging?: boolean } = {}) {
    fake = await startFakeDatabricks({ token: TOKEN, engine: (sql) => emulator.respond(sql) });
    mirror = options.s3 ? s3Mirror(options.s3.client) : volumeMirror(fake.staged);
    emulator = await startDeltaEmulator({
      grants: options.grants ?? LOADER_GRANTS,
      staging: mirror.resolve,
      refuseStaging: () => options.refuseStaging ?? false,
    });
    for (const f of [...readDrop(drop).files.map((x) => x.path), '_manifest.json'])
      fake.staged.set(`${STAGING}/${f}`, readFileSync(join(drop, f)));
    dir = tempDir();
    ({ env, flags: connection } = fakeWarehouseEnv(fake, TOKEN, dir));
    common = [
      'load',
      drop,
      '--engine',
      'databricks',
      '--from',
      STAGING,
      '--catalog',
      'main',
      '--schema',
      'synth',
      ...connection,
    ];
  }
  async function stop() {
    await fake.close();
    emulator.close();
    mirror.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const restart = async (options: Parameters<typeof start>[0]) => {
    await stop();
    await start(options);
  };

  beforeEach(async () => {
    await start();
  });
  afterEach(stop);

  const count = async (table: string) =>
    Number((await emulator.query(`SELECT count(*) AS n FROM "synth"."${table}"`))[0].n);

  /** The data model's figures computed by DuckDB straight from the local drop's files. */
  async function figuresFromDrop() {
    const d = await duck();
    try {
      return {
        avgIdentifiers: await d.value(
          `SELECT avg(n) FROM (SELECT individual_id, count(*) AS n FROM ${tableGlob(drop, 'identity_mappings')} GROUP BY individual_id)`,
        ),
        nullDurations: await d.value(
          `SELECT count(*) FROM ${tableGlob(drop, 'content_engagements')} WHERE duration_seconds IS NULL`,
        ),
      };
    } finally {
      d.close();
    }
  }

  it('creates the tables, loads every row of the drop, validates on the loaded data, and a rerun inserts nothing', async () => {
    const first = await cliAsync([...common, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    // Rows Delta holds, counted on the emulated tables — not what COPY INTO claimed.
    for (const t of TABLES) {
      expect(summary.tables[t.name].inserted, t.name).toBe(expectedRows[t.name]);
      expect(await count(t.name), t.name).toBe(expectedRows[t.name]);
    }
    // Views' NULL durations went in under CHECK (duration_seconds IS NULL OR …): Delta fails a NULL CHECK.
    const { avgIdentifiers, nullDurations } = await figuresFromDrop();
    expect(nullDurations).toBeGreaterThan(0);
    expect(
      Number(
        (
          await emulator.query('SELECT count(*) AS n FROM "synth"."content_engagements" WHERE duration_seconds IS NULL')
        )[0].n,
      ),
    ).toBe(nullDurations);
    // The generated partition column holds the UTC date of the timestamp.
    expect(
      (
        await emulator.query(
          'SELECT count(*) AS n FROM "synth"."content_engagements" WHERE event_date <> CAST("timestamp" AS DATE)',
        )
      )[0].n,
    ).toBe(0);
    const byId = Object.fromEntries(summary.validation.map((v: { id: string }) => [v.id, v]));
    expect(byId['individuals.orphaned_individuals']).toMatchObject({ ok: true, figure: 0 });
    expect(byId['identity_mappings.avg_identifiers_per_person'].figure).toBeCloseTo(avgIdentifiers, 9);

    const sql = fake.statements.map((s) => s.sql);
    expect(sql[0]).toBe("SET TIME ZONE 'UTC'");
    const copyOrder = sql.filter((s) => s.startsWith('COPY INTO')).map((s) => /`(\w+)`\n/.exec(s)?.[1]);
    expect(copyOrder).toEqual(TABLES.map((t) => t.name));
    expect(sql.filter((s) => s.startsWith('ALTER TABLE') && s.includes('ADD CONSTRAINT')).length).toBeGreaterThan(10);

    const second = await cliAsync([...common, '--json'], env);
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    for (const t of TABLES) {
      expect(JSON.parse(second.stdout).tables[t.name].inserted).toBe(0);
      expect(await count(t.name), t.name).toBe(expectedRows[t.name]);
    }
  });

  it('reads the manifest from the volume when no local drop is given', async () => {
    const r = await cliAsync(
      [
        'load',
        '--engine',
        'databricks',
        '--from',
        STAGING,
        '--catalog',
        'main',
        '--schema',
        'synth',
        ...connection,
        '--json',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const t of TABLES) expect(await count(t.name), t.name).toBe(expectedRows[t.name]);
    // A dry run never connects, so it cannot read a volume: it says so and how to pass the drop.
    const dry = await cliAsync(
      [
        'load',
        '--engine',
        'databricks',
        '--from',
        STAGING,
        '--catalog',
        'main',
        '--schema',
        'synth',
        ...connection,
        '--dry-run',
      ],
      env,
    );
    expect(dry.code).toBe(2);
    expect(dry.stderr).toMatch(/cannot read the manifest on the volume(.|\n)*fix: pass the local drop folder/);
  });

  describe('staged on S3 (loopback s3rver)', () => {
    let s3: S3Server;
    let awsEnv: NodeJS.ProcessEnv;
    const PREFIX = 'runs/run-1';
    beforeAll(async () => {
      s3 = await startS3Server();
      awsEnv = isolatedAwsEnv({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' });
      const up = await cliAsync(
        ['upload', drop, '--to', `s3://${s3.bucket}/${PREFIX}`, '--endpoint', s3.endpoint],
        awsEnv,
      );
      expect(up.code, up.stderr).toBe(0);
    });
    afterAll(async () => {
      await s3.close();
    });

    it('loads `--from s3://…` without a local drop, reading _manifest.json with the upload flags; --dry-run connects to nothing', async () => {
      await restart({ s3 });
      const from = ['--from', `s3://${s3.bucket}/${PREFIX}`, '--endpoint', s3.endpoint];
      const args = ['load', '--engine', 'databricks', ...from, '--catalog', 'main', '--schema', 'synth', ...connection];
      const dry = await cliAsync([...args, '--dry-run'], { ...env, ...awsEnv });
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain(`FROM 's3://${s3.bucket}/${PREFIX}/content_engagements'`);
      expect(fake.statements).toHaveLength(0);

      const r = await cliAsync([...args, '--json'], { ...env, ...awsEnv });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const t of TABLES) expect(await count(t.name), t.name).toBe(expectedRows[t.name]);

      const missing = await cliAsync(
        [
          'load',
          '--engine',
          'databricks',
          '--from',
          `s3://${s3.bucket}/nothing-here`,
          '--endpoint',
          s3.endpoint,
          '--catalog',
          'main',
          '--schema',
          'synth',
          ...connection,
          '--dry-run',
        ],
        { ...env, ...awsEnv },
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no _manifest\.json at s3:\/\/.*nothing-here(.|\n)*pass the local drop folder/);
    });
  });

  it('validate --engine databricks runs the full rule set on the loaded tables and exits 1 on a failure', async () => {
    expect((await cliAsync(common, env)).code).toBe(0);
    const args = [
      'validate',
      drop,
      '--engine',
      'databricks',
      '--catalog',
      'main',
      '--schema',
      'synth',
      ...connection,
      '--json',
    ];
    const good = await cliAsync(args, env);
    expect(good.stderr).toBe('');
    const report = JSON.parse(good.stdout);
    const failures = (r: { results: { ok: boolean; skipped?: string }[] }) =>
      r.results.filter((x) => !x.ok && !x.skipped);
    // Every figure is computed by the emulator from the loaded rows.
    expect(failures(report)).toEqual([]);
    expect(good.code).toBe(0);
    expect(report.results.length).toBeGreaterThan(150);

    // Plainly wrong data: a household removed behind the loader's back leaves its members orphaned.
    const [{ id, members }] = await emulator.query(
      'SELECT h.household_id AS id, count(*) AS members FROM "synth"."households" h JOIN "synth"."individuals" i USING (household_id) GROUP BY 1 ORDER BY 1 LIMIT 1',
    );
    await emulator.query(`DELETE FROM "synth"."households" WHERE household_id = ${id}`);
    const bad = await cliAsync(args, env);
    expect(bad.code).toBe(1);
    const orphaned = failures(JSON.parse(bad.stdout)).find(
      (r) => (r as unknown as { id: string }).id === 'individuals.orphaned_individuals',
    ) as unknown as { figure: number };
    expect(orphaned.figure).toBe(Number(members));
  });

  it('prints the whole plan for --dry-run and connects to nothing', async () => {
    const r = await cliAsync([...common, '--dry-run'], { ...env, DATABRICKS_HOST: 'https://127.0.0.1:1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('COPY INTO `main`.`synth`.`households`');
    expect(r.stdout).toContain("FROM '/Volumes/main/synth/landing/run-1/content_engagements'");
    // Where an older table's new nullable columns would be added: a comment line, before CREATE SCHEMA.
    expect(r.stdout).toMatch(
      /\n-- then, for each existing table lacking nullable columns .* ADD COLUMNS .*\nCREATE SCHEMA/,
    );
    expect(fake.statements).toHaveLength(0);
  });

  it('names the missing privileges and the GRANTs that fix them, before changing anything', async () => {
    await restart({ grants: [{ securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' }] });
    const r = await cliAsync(common, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /CREATE SCHEMA on CATALOG `main` \(schema main\.synth is absent or not visible to you\): GRANT CREATE SCHEMA ON CATALOG `main` TO/,
    );
    expect(fake.statements.some((s) => /^(CREATE|COPY|ALTER)/.test(s.sql))).toBe(false);
    expect(r.stderr).not.toMatch(/USE CATALOG/);
  });

  it('a refused LIST on staging is a missing READ VOLUME with its GRANT; an unreadable information_schema is a notice', async () => {
    await restart({ refuseStaging: true });
    const refused = await cliAsync(common, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /READ VOLUME on VOLUME `main`\.`synth`\.`landing` \(LIST .* failed: .*INSUFFICIENT_PERMISSIONS.*\): GRANT READ VOLUME ON VOLUME `main`\.`synth`\.`landing` TO `fake-user@example\.com`/,
    );
    expect(fake.statements.some((s) => /^(CREATE|COPY|ALTER)/.test(s.sql))).toBe(false);

    await restart({});
    fake.respond(/information_schema/, {
      error: '[TABLE_OR_VIEW_NOT_FOUND] information_schema.schema_privileges',
      sqlState: '42P01',
    });
    const unreadable = await cliAsync(common, env);
    expect(unreadable.code, unreadable.stderr).toBe(0);
    expect(unreadable.stderr).toMatch(
      /could not be confirmed: USE CATALOG on CATALOG `main` \(could not read main\.information_schema/,
    );
    for (const t of TABLES) expect(await count(t.name), t.name).toBe(expectedRows[t.name]);
  });

  it('a schema information_schema hides is confirmed with DESCRIBE SCHEMA, not re-created', async () => {
    expect((await cliAsync(common, env)).code).toBe(0);
    emulator.catalog.hidden.add('synth');
    const r = await cliAsync([...common, '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const sql = fake.statements.map((s) => s.sql);
    expect(sql).toContain('DESCRIBE SCHEMA `main`.`synth`');
    expect(sql).toContain('SHOW TABLES IN `main`.`synth`');
    const summary = JSON.parse(r.stdout);
    // SHOW TABLES found the tables: inspected, not reported as created; nothing inserted twice.
    for (const t of TABLES) expect(summary.tables[t.name]).toMatchObject({ created: false, inserted: 0 });
    expect(summary.notices.join('\n')).toMatch(/could not be confirmed: USE SCHEMA/);
  });

  it('gives one clear message without the token for a wrong token and a stopped warehouse', async () => {
    const badToken = await cliAsync(common, { ...env, DATABRICKS_TOKEN: 'dapi-wrong-token-000' });
    expect(badToken.code).toBe(2);
    expect(badToken.stderr).toMatch(/auth/i);
    expect(badToken.stderr).not.toContain('dapi-wrong-token-000');

    fake.failNext(1000, { status: 503 });
    const stopped = await cliAsync(common, env);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/unavailable/i);
    expect(stopped.stderr + stopped.stdout).not.toContain(TOKEN);
  });

  it('gives one clear message for a dropped connection', async () => {
    fake.respond(/^COPY INTO/, 'drop-connection');
    const dropped = await cliAsync(common, env);
    expect(dropped.code).toBe(2);
    expect(dropped.stderr).toMatch(/connection/i);
    expect(dropped.stderr.split('\n').filter((l) => l.startsWith('idgraph:'))).toHaveLength(1);
  });

  it('reports a failing COPY INTO and continues where it stopped on the rerun', async () => {
    fake.setResponder((sql) =>
      /^COPY INTO `main`\.`synth`\.`campaigns`/.test(sql)
        ? { error: '[PERMISSION_DENIED] cannot read the staging path', sqlState: '42501' }
        : undefined,
    );
    const failed = await cliAsync(common, env);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('PERMISSION_DENIED');
    // The fix line says what to do (the rerun below proves it works), then which statement failed.
    expect(failed.stderr).toMatch(
      /\n {2}fix: correct what the warehouse reports.*rerun the command.*COPY INTO skips files already loaded; the statement was: COPY INTO `main`\.`synth`\.`campaigns`/,
    );
    expect(await count('households')).toBe(expectedRows.households);
    expect(await count('campaigns')).toBe(0);
    fake.setResponder(undefined);
    const rerun = await cliAsync([...common, '--json'], env);
    expect(rerun.code).toBe(0);
    // Tables before campaigns were loaded by the first run, so COPY INTO inserts nothing for them now.
    expect(JSON.parse(rerun.stdout).tables.households.inserted).toBe(0);
    expect(JSON.parse(rerun.stdout).tables.campaigns.inserted).toBe(expectedRows.campaigns);
    for (const t of TABLES) expect(await count(t.name), t.name).toBe(expectedRows[t.name]);
  });
});
