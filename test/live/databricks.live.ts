import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabricksClient } from '../../src/databricks/client.js';
import { resolveDatabricksSettings } from '../../src/databricks/settings.js';
import { readDrop } from '../../src/drop/read-drop.js';
import { TABLES } from '../../src/schema/registry.js';
import { cliAsync } from '../helpers/cli-async.js';

/**
 * The live suite (`npm run test:databricks`, not part of `npm test`): the real thing on a real
 * warehouse. Needs DATABRICKS_HOST, credentials (DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID +
 * DATABRICKS_CLIENT_SECRET, or DATABRICKS_CONFIG_PROFILE), a warehouse (DATABRICKS_WAREHOUSE_ID or
 * DATABRICKS_HTTP_PATH) and IDGRAPH_LIVE_STAGING (s3://… behind an external location, with AWS
 * credentials in the environment, or /Volumes/…). IDGRAPH_LIVE_CATALOG defaults to main.
 * It works in a fresh schema idgraph_live_<random> and drops it at the end.
 */
const env = process.env;
const staging = env.IDGRAPH_LIVE_STAGING?.replace(/\/+$/, '');
const catalog = env.IDGRAPH_LIVE_CATALOG ?? 'main';
const configured =
  Boolean(env.DATABRICKS_HOST) &&
  Boolean(env.DATABRICKS_TOKEN || env.DATABRICKS_CLIENT_ID || env.DATABRICKS_CONFIG_PROFILE) &&
  Boolean(env.DATABRICKS_WAREHOUSE_ID || env.DATABRICKS_HTTP_PATH) &&
  Boolean(staging);

if (!configured)
  console.log(
    'databricks live suite skipped: set DATABRICKS_HOST, DATABRICKS_TOKEN (or client id/secret or a profile), DATABRICKS_WAREHOUSE_ID and IDGRAPH_LIVE_STAGING to run it',
  );

describe.skipIf(!configured)('live Databricks load', () => {
  const run = randomBytes(4).toString('hex');
  const schema = `idgraph_live_${run}`;
  const prefix = `${staging}/idgraph-live-${run}`;
  let dir: string;
  let drop: string;
  const target = ['--catalog', catalog, '--schema', schema];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idgraph-live-'));
    drop = join(dir, 'drop');
    const gen = await cliAsync(['generate', '--households', '2000', '--seed', '11', '--out', drop]);
    expect(gen.code, gen.stderr).toBe(0);
    const up = await cliAsync(['upload', drop, '--to', prefix]);
    expect(up.code, up.stderr).toBe(0);
  }, 900_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    const client = await openDatabricksClient(resolveDatabricksSettings());
    try {
      await client.execute(`DROP SCHEMA IF EXISTS \`${catalog}\`.\`${schema}\` CASCADE`);
    } finally {
      await client.close();
    }
  }, 300_000);

  it('loads from staging alone, validates, and a rerun inserts nothing', async () => {
    const rows = Object.fromEntries(TABLES.map((t) => [t.name, readDrop(drop).manifests[0].tables[t.name].rows]));
    // No local drop: the manifest is read from the staging location itself.
    const first = await cliAsync(['load', '--engine', 'databricks', '--from', prefix, ...target, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    for (const t of TABLES) expect(summary.tables[t.name].inserted, t.name).toBe(rows[t.name]);
    expect(summary.validation.filter((v: { ok: boolean }) => !v.ok)).toEqual([]);

    const validate = await cliAsync(['validate', drop, '--engine', 'databricks', ...target, '--json']);
    expect(JSON.parse(validate.stdout).results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
    expect(validate.code).toBe(0);

    const again = await cliAsync(['load', drop, '--engine', 'databricks', '--from', prefix, ...target, '--json']);
    expect(again.code, again.stderr).toBe(0);
    for (const t of TABLES) expect(JSON.parse(again.stdout).tables[t.name].inserted, t.name).toBe(0);
  }, 1_800_000);

  const incPrefix = `${prefix}-inc`;
  const fingerprint = (d: string) => readDrop(d).fingerprint;

  it('loads the next 7 days of the same lineage on top: appends grow, upserts keep one row per key', async () => {
    const inc = join(dir, 'inc');
    const gen = await cliAsync(['generate', '--continue', drop, '--days', '7', '--out', inc]);
    expect(gen.code, gen.stderr).toBe(0);
    const up = await cliAsync(['upload', inc, '--to', incPrefix]);
    expect(up.code, up.stderr).toBe(0);
    const load = await cliAsync(['load', inc, '--engine', 'databricks', '--from', incPrefix, ...target, '--json']);
    expect(load.code, load.stderr).toBe(0);
    const incRows = readDrop(inc).manifests[0].tables;
    const client = await openDatabricksClient(resolveDatabricksSettings());
    try {
      for (const t of TABLES) {
        const [{ n }] = await client.execute(`SELECT count(*) AS n FROM \`${catalog}\`.\`${schema}\`.${t.name}`);
        const [{ k }] = await client.execute(
          `SELECT count(DISTINCT ${t.primaryKey}) AS k FROM \`${catalog}\`.\`${schema}\`.${t.name}`,
        );
        expect(Number(k), `${t.name}: one row per key`).toBe(Number(n));
        if (t.writeMode === 'append') expect(Number(n), t.name).toBeGreaterThanOrEqual(incRows[t.name].rows);
      }
      // The lineage record, and the increment as a MERGE version of an upserted table.
      const lineage = await client.execute(
        `SELECT fingerprint, sequence FROM \`${catalog}\`.\`${schema}\`._idgraph_lineage ORDER BY sequence`,
      );
      expect(lineage.map((r) => [r.fingerprint, Number(r.sequence)])).toEqual([
        [fingerprint(drop), 0],
        [fingerprint(inc), 1],
      ]);
      const history = await client.execute(`DESCRIBE HISTORY \`${catalog}\`.\`${schema}\`.households`);
      expect(history.map((r) => r.operation)).toContain('MERGE');
      // TIMESTAMP AS OF the base's COPY INTO commit reads the base's households (as the README shows).
      const copy = history.find((r) => r.operation === 'COPY INTO')!;
      const ts = new Date(String(copy.timestamp)).toISOString();
      const [{ n: then }] = await client.execute(
        `SELECT count(*) AS n FROM \`${catalog}\`.\`${schema}\`.households TIMESTAMP AS OF '${ts}'`,
      );
      expect(Number(then)).toBe(readDrop(drop).manifests[0].tables.households.rows);
    } finally {
      await client.close();
    }
    // base + increment judged as of the increment (the latest window's rows, through subqueries).
    const validate = await cliAsync(['validate', inc, '--engine', 'databricks', ...target, '--json']);
    expect(JSON.parse(validate.stdout).results.filter((r: { status: string }) => r.status === 'failed')).toEqual([]);
    expect(validate.code).toBe(0);
  }, 1_800_000);

  it('refuses a drop of another lineage and an increment whose parent is not loaded, changing nothing', async () => {
    const other = join(dir, 'other');
    const otherPrefix = `${prefix}-other`;
    const gen = await cliAsync(['generate', '--households', '200', '--seed', '12', '--out', other]);
    expect(gen.code, gen.stderr).toBe(0);
    const up = await cliAsync(['upload', other, '--to', otherPrefix]);
    expect(up.code, up.stderr).toBe(0);
    const client = await openDatabricksClient(resolveDatabricksSettings());
    const counts = async () =>
      Promise.all(
        TABLES.map(async (t) => {
          const [{ n }] = await client.execute(`SELECT count(*) AS n FROM \`${catalog}\`.\`${schema}\`.${t.name}`);
          return Number(n);
        }),
      );
    try {
      const before = await counts();
      const foreign = await cliAsync(['load', other, '--engine', 'databricks', '--from', otherPrefix, ...target]);
      expect(foreign.code, foreign.stderr).toBe(2);
      expect(foreign.stderr).toContain(`schema ${catalog}.${schema} holds another lineage (base ${fingerprint(drop)}`);
      expect(await counts()).toEqual(before);

      // The increment alone, into a schema that does not exist: refused, and the schema is not created.
      const empty = `${schema}_empty`;
      const inc = join(dir, 'inc');
      const early = await cliAsync([
        'load',
        inc,
        '--engine',
        'databricks',
        '--from',
        incPrefix,
        '--catalog',
        catalog,
        '--schema',
        empty,
      ]);
      expect(early.code, early.stderr).toBe(2);
      expect(early.stderr).toContain(`continues drop ${fingerprint(drop)}`);
      expect(early.stderr).toContain(`fix: load drop ${fingerprint(drop)} first`);
      const schemas = await client.execute(
        `SELECT schema_name FROM \`${catalog}\`.information_schema.schemata WHERE schema_name = '${empty}'`,
      );
      expect(schemas).toEqual([]);
    } finally {
      await client.close();
    }
  }, 1_800_000);
});
