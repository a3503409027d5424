import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { databricksType } from '../src/schema/derive/ddl-databricks.js';
import { TABLES } from '../src/schema/registry.js';
import { databricksDialect } from '../src/sql/dialect-databricks.js';
import { allRules } from '../src/validate/validate.js';
import { cliAsync } from './helpers/cli-async.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';

/**
 * The loader end to end: the real CLI and the real @databricks/sql driver against a local
 * endpoint speaking its Thrift protocol over TLS. What this cannot show (real COPY INTO, real
 * grants) is listed in the README.
 */
const TOKEN = 'dapi-fake-0123456789abcdef';
const STAGING = '/Volumes/main/synth/landing/run-1';

describe('idgraph load --engine databricks', () => {
  let drop: string;
  let rowsByFile: Map<string, number>;
  let fake: FakeDatabricks;
  let env: NodeJS.ProcessEnv;
  let common: string[];
  const loaded = new Set<string>();

  beforeAll(async () => {
    drop = (await generateDrop({ households: 200 })).out;
    rowsByFile = new Map(readDrop(drop).files.map((f) => [f.path, f.rows]));
  });

  beforeEach(async () => {
    loaded.clear();
    fake = await startFakeDatabricks({
      token: TOKEN,
      // COPY INTO skips files already loaded, like the service: the second run inserts nothing.
      copyInto: (sql) => {
        const table = /COPY INTO `main`\.`synth`\.`(\w+)`/.exec(sql)![1];
        const files = [...sql.matchAll(/'((?:event_date=[\d-]+\/)?part-[^']+\.parquet)'/g)].map(
          (m) => `${table}/${m[1]}`,
        );
        const fresh = files.filter((f) => !loaded.has(f));
        for (const f of fresh) loaded.add(f);
        const inserted = fresh.reduce((n, f) => n + (rowsByFile.get(f) ?? 0), 0);
        return { affected: inserted, inserted };
      },
    });
    fake.respond(/information_schema/, {
      columns: ['securable', 'object', 'privilege'],
      rows: [['CATALOG', 'main', 'ALL PRIVILEGES']],
    });
    fake.respond(/^LIST /, {
      columns: ['path', 'name', 'size', 'modification_time'],
      rows: [[`${STAGING}/households`, 'households', 0, 0]],
    });
    fake.respond(/AS orphaned_individuals|AS temporal_violations|AS out_of_campaign_period/, {
      columns: ['n'],
      rows: [[0]],
    });
    fake.respond(/AS avg_identifiers_per_person/, { columns: ['avg_identifiers_per_person'], rows: [[4.01]] });
    // The full rule set after the load: every rule holds on this fake warehouse.
    fake.respond(/^SELECT count\(\*\) AS bad FROM/, { columns: ['bad'], rows: [[0]] });
    // Figure rules get a value inside their expected range (the fake cannot compute real ones).
    const figureRules = allRules(readDrop(drop).config, databricksDialect({ catalog: 'main', schema: 'synth' })).filter(
      (r) => r.kind === 'figure',
    );
    fake.respond(/AS figure/, (sql) => {
      const rule = figureRules.find((r) => sql.includes(r.sql));
      if (rule?.kind !== 'figure') return { error: `unexpected figure query: ${sql.slice(0, 80)}` };
      const [lo, hi] = rule.expect(1e6);
      return { columns: ['figure', 'n'], rows: [[Number.isFinite(hi) ? (lo + hi) / 2 : lo + 1, 1e6]] };
    });
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.pem'), fake.ca);
    env = {
      DATABRICKS_HOST: `https://${fake.host}:${fake.port}`,
      DATABRICKS_TOKEN: TOKEN,
      DATABRICKS_CONFIG_FILE: join(dir, 'none.cfg'),
    };
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
      '--http-path',
      fake.httpPath,
      '--ca-file',
      join(dir, 'ca.pem'),
      '--wait',
      '3',
    ];
  });
  afterEach(async () => {
    await fake.close();
  });

  it('creates the tables, loads parents before children, Z-orders, validates, and a rerun inserts nothing', async () => {
    const first = await cliAsync([...common, '--json'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const summary = JSON.parse(first.stdout);
    for (const t of TABLES)
      expect(summary.tables[t.name].inserted, t.name).toBe(readDrop(drop).manifests[0].tables[t.name].rows);

    const sql = fake.statements.map((s) => s.sql);
    expect(sql[0]).toBe("SET TIME ZONE 'UTC'");
    const copyOrder = sql.filter((s) => s.startsWith('COPY INTO')).map((s) => /`(\w+)`\n/.exec(s)?.[1]);
    expect(copyOrder).toEqual(TABLES.map((t) => t.name));
    const createAt = (t: string) =>
      sql.findIndex((s) => s.startsWith(`CREATE TABLE IF NOT EXISTS \`main\`.\`synth\`.\`${t}\``));
    const copyAt = (t: string) => sql.findIndex((s) => s.startsWith(`COPY INTO \`main\`.\`synth\`.\`${t}\``));
    for (const t of TABLES) expect(createAt(t.name)).toBeLessThan(copyAt(t.name));
    expect(
      sql.some((s) =>
        /^OPTIMIZE `main`\.`synth`\.`content_engagements` ZORDER BY \(`individual_id`, `content_category`\)/.test(s),
      ),
    ).toBe(true);
    expect(sql.filter((s) => s.startsWith('ALTER TABLE') && s.includes('ADD CONSTRAINT')).length).toBeGreaterThan(10);

    const second = await cliAsync([...common, '--json'], env);
    expect(second.code).toBe(0);
    for (const t of TABLES) expect(JSON.parse(second.stdout).tables[t.name].inserted).toBe(0);
  });

  it('validate --engine databricks runs the full rule set on the warehouse and exits 1 on a failure', async () => {
    // DESCRIBE answers with the registry's own columns, as the tables the loader created would.
    fake.respond(/^DESCRIBE TABLE `main`\.`synth`\.`(\w+)`/, (sql) => {
      const table = TABLES.find((t) => sql.includes(`\`${t.name}\``))!;
      const rows = table.columns.map((c) => [c.name, databricksType(c.type), null]);
      if (table.partition) rows.push([table.partition.column, 'date', null]);
      return { columns: ['col_name', 'data_type', 'comment'], rows };
    });
    const args = [
      'validate',
      drop,
      '--engine',
      'databricks',
      '--catalog',
      'main',
      '--schema',
      'synth',
      ...common.slice(common.indexOf('--http-path')),
      '--json',
    ];
    const good = await cliAsync(args, env);
    expect(good.stderr).toBe('');
    const report = JSON.parse(good.stdout);
    expect(report.results.filter((r: { ok: boolean }) => !r.ok)).toEqual([]);
    expect(good.code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.results.length).toBeGreaterThan(150);
    expect(fake.statements.some((s) => /FROM `main`\.`synth`\.`?individuals`? i LEFT JOIN/.test(s.sql))).toBe(true);

    fake.respond(/AS bad FROM \(SELECT i\.individual_id AS id FROM `main`\.`synth`\.`?individuals`? i LEFT JOIN/, {
      columns: ['bad'],
      rows: [[3]],
    });
    fake.respond(/SELECT CAST\(id AS STRING\)|ORDER BY 1 LIMIT/, { columns: ['id'], rows: [['17'], ['33'], ['49']] });
    const bad = await cliAsync(args, env);
    expect(bad.code).toBe(1);
    const failed = JSON.parse(bad.stdout).results.filter((r: { ok: boolean }) => !r.ok);
    expect(failed.map((r: { id: string }) => r.id)).toContain('individuals.orphaned_individuals');
  });

  it('prints the whole plan for --dry-run and connects to nothing', async () => {
    const r = await cliAsync([...common, '--dry-run'], { ...env, DATABRICKS_HOST: 'https://127.0.0.1:1' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('COPY INTO `main`.`synth`.`households`');
    expect(r.stdout).toContain("FROM '/Volumes/main/synth/landing/run-1/content_engagements'");
    expect(fake.statements).toHaveLength(0);
  });

  it('names the missing privileges and the GRANTs that fix them, before changing anything', async () => {
    fake.respond(/information_schema/, {
      columns: ['securable', 'object', 'privilege'],
      rows: [['CATALOG', 'main', 'USE CATALOG']],
    });
    const r = await cliAsync(common, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/GRANT CREATE SCHEMA ON CATALOG `main` TO/);
    expect(fake.statements.some((s) => /^(CREATE|COPY|ALTER)/.test(s.sql))).toBe(false);
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
    fake.respond(/^COPY INTO `main`\.`synth`\.`campaigns`/, {
      error: '[PERMISSION_DENIED] cannot read the staging path',
      sqlState: '42501',
    });
    const failed = await cliAsync(common, env);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('PERMISSION_DENIED');
    const loadedBefore = loaded.size;
    expect(loadedBefore).toBeGreaterThan(0);
    fake.respond(/^COPY INTO `main`\.`synth`\.`campaigns`/, (_sql) => ({
      columns: ['num_affected_rows', 'num_inserted_rows', 'num_skipped_corrupt_files'],
      rows: [[1, 1, 0]],
    }));
    const rerun = await cliAsync([...common, '--json'], env);
    expect(rerun.code).toBe(0);
    // Tables before campaigns were loaded by the first run, so COPY INTO inserts nothing for them now.
    expect(JSON.parse(rerun.stdout).tables.households.inserted).toBe(0);
  });
});
