import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstIncrementLineage } from './helpers/increment-lineage.js';
import { resolveConfig } from '../src/config/load.js';
import { buildLoadPlan } from '../src/databricks/load/plan.js';
import { readDrop } from '../src/drop/read-drop.js';
import { continuedConfig } from '../src/lineage/lineage.js';
import { readParent } from '../src/lineage/parent.js';
import { generate } from '../src/pipeline/generate.js';
import { schemaEvolution } from '../src/databricks/load/schema-compat.js';
import { databricksCreateTable } from '../src/schema/derive/ddl-databricks.js';
import { getTable, TABLES } from '../src/schema/registry.js';
import { databricksDialect } from '../src/sql/dialect-databricks.js';
import { runRules } from '../src/validate/run-rules.js';
import { allRules } from '../src/validate/validate.js';
import type { Table } from '../src/schema/types.js';
import { cliAsync } from './helpers/cli-async.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { type StagingMirror, volumeMirror } from './helpers/fake-databricks/delta/staging-sources.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden', 'databricks', 'increment-upsert.sql');
const LINEAGE_GOLDEN = join(dirname(GOLDEN), 'lineage.sql');
const TOKEN = 'dapi-fake-0123456789abcdef';
const GRANTS = [
  { securable: 'CATALOG' as const, object: 'main', privilege: 'USE CATALOG' },
  { securable: 'CATALOG' as const, object: 'main', privilege: 'CREATE SCHEMA' },
];

/** Issue 13 on Databricks: COPY INTO for appends; COPY INTO a staging table + MERGE + DROP for upserts. */
describe('an increment loaded into Databricks', () => {
  it('plans COPY INTO for appends and COPY INTO staging + MERGE INTO + DROP for upserts (golden SQL)', () => {
    const files = [
      { path: 'households/part-000000-abcdef1234.parquet', table: 'households' },
      {
        path: 'content_engagements/event_date=2025-10-01/part-000000-abcdef1234.parquet',
        table: 'content_engagements',
      },
    ];
    const plan = buildLoadPlan({
      catalog: 'main',
      schema: 'synthetic_data',
      staging: '/Volumes/main/synthetic_data/landing/inc-1',
      files,
      config: resolveConfig({}),
      fingerprint: 'abcdef1234',
      sequence: 1,
    });
    const kinds = ['create-staging', 'copy-into', 'merge', 'drop-staging'];
    const text = plan.steps
      .filter((s) => kinds.includes(s.kind))
      .map((s) => `${s.sql};\n`)
      .join('\n');
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(GOLDEN), { recursive: true });
      writeFileSync(GOLDEN, text);
    }
    expect(existsSync(GOLDEN), 'run with UPDATE_GOLDEN=1 and review it').toBe(true);
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'));
    // A base plan has no staging table nor MERGE.
    const base = buildLoadPlan({
      ...plan,
      catalog: 'main',
      schema: 'synthetic_data',
      staging: '/Volumes/main/synthetic_data/landing/inc-1',
      files,
      config: resolveConfig({}),
      fingerprint: 'abcdef1234',
      sequence: 0,
    });
    expect(base.steps.some((s) => s.kind === 'merge' || s.kind === 'create-staging')).toBe(false);
  });

  it('reads the lineage record before any change, creates it before any COPY INTO, writes the drop last (golden SQL)', () => {
    const plan = buildLoadPlan({
      catalog: 'main',
      schema: 'synthetic_data',
      staging: '/Volumes/main/synthetic_data/landing/inc-1',
      files: [{ path: 'households/part-000000-abcdef1234.parquet', table: 'households' }],
      config: resolveConfig({}),
      fingerprint: 'abcdef1234',
      sequence: 1,
      lineage: firstIncrementLineage('0123456789'),
    });
    const kinds = plan.steps.map((s) => s.kind);
    expect(kinds.indexOf('create-lineage')).toBeLessThan(kinds.indexOf('create-staging'));
    expect(kinds.indexOf('create-lineage')).toBeGreaterThan(kinds.lastIndexOf('create-table'));
    expect(kinds.indexOf('record-lineage')).toBeGreaterThan(kinds.lastIndexOf('optimize'));
    expect(kinds.indexOf('record-lineage')).toBeLessThan(kinds.indexOf('validate'));
    const text = [plan.lineageSql.read, plan.lineageSql.create, plan.lineageSql.record]
      .map((s) => `${s};\n`)
      .join('\n');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(LINEAGE_GOLDEN, text);
    expect(existsSync(LINEAGE_GOLDEN), 'run with UPDATE_GOLDEN=1 and review it').toBe(true);
    expect(text).toBe(readFileSync(LINEAGE_GOLDEN, 'utf8'));
  });

  describe('against the emulated warehouse', () => {
    let base: string;
    let inc: string;
    /** inc continued (sequence 2), and a base of another lineage (another seed). */
    let inc2: string;
    let other: string;
    let fake: FakeDatabricks;
    let emulator: DeltaEmulator;
    let mirror: StagingMirror;
    let dir: string;
    let env: NodeJS.ProcessEnv;
    let connection: string[];
    let failOn: RegExp | undefined;

    beforeAll(async () => {
      base = (await generateDrop({ households: 150, window: { end: '2025-09-30', length: '14d' } })).out;
      const parent = readParent(base);
      inc = tempDir();
      await generate(continuedConfig(parent.config, 7, 20), { out: inc, workers: 2, overwrite: true, parent });
      const incParent = readParent(inc);
      inc2 = tempDir();
      await generate(continuedConfig(incParent.config, 7, 0), {
        out: inc2,
        workers: 2,
        overwrite: true,
        parent: incParent,
      });
      other = (await generateDrop({ households: 60, seed: 99, window: { end: '2025-09-30', length: '7d' } })).out;
      // failOn: a statement the warehouse fails once (an interrupted load), then runs again.
      fake = await startFakeDatabricks({
        token: TOKEN,
        engine: (sql) => {
          if (failOn?.test(sql)) {
            failOn = undefined;
            return Promise.resolve({ error: '[INTERNAL_ERROR] the warehouse went away (injected)', sqlState: 'XX000' });
          }
          return emulator.respond(sql);
        },
      });
      mirror = volumeMirror(fake.staged);
      emulator = await startDeltaEmulator({ grants: GRANTS, staging: mirror.resolve });
      for (const [d, at] of [
        [base, '/Volumes/main/synth/landing/base'],
        [inc, '/Volumes/main/synth/landing/inc-1'],
        [inc2, '/Volumes/main/synth/landing/inc-2'],
        [other, '/Volumes/main/synth/landing/other'],
      ])
        for (const f of [...readDrop(d).files.map((x) => x.path), '_manifest.json'])
          fake.staged.set(`${at}/${f}`, readFileSync(join(d, f)));
      dir = tempDir();
      writeFileSync(join(dir, 'ca.pem'), fake.ca);
      env = {
        DATABRICKS_HOST: `https://${fake.host}:${fake.port}`,
        DATABRICKS_TOKEN: TOKEN,
        DATABRICKS_CONFIG_FILE: join(dir, 'none.cfg'),
      };
      connection = ['--http-path', fake.httpPath, '--ca-file', join(dir, 'ca.pem'), '--wait', '3'];
    }, 120_000);
    afterAll(async () => {
      emulator?.close();
      mirror?.close();
      await fake?.close();
      for (const d of [base, inc, inc2, other, dir]) if (d) rmSync(d, { recursive: true, force: true });
    });

    const load = (drop: string, at: string, schema = 'synth') =>
      cliAsync(
        [
          'load',
          drop,
          '--engine',
          'databricks',
          '--from',
          at,
          '--catalog',
          'main',
          '--schema',
          schema,
          '--json',
          ...connection,
        ],
        env,
      );
    const counts = async (schema = 'synth') =>
      Object.fromEntries(
        await Promise.all(
          TABLES.map(async (t) => [
            t.name,
            Number((await emulator.query(`SELECT count(*) AS n FROM "${schema}"."${t.name}"`))[0].n),
          ]),
        ),
      );
    /** Rows per table after base + inc: appends add up, upserts hold one row per key of either drop (DuckDB reads the files). */
    const expectedAfterInc = async () => {
      const [mb, mi] = [readDrop(base), readDrop(inc)].map((d) => d.manifests[0].tables);
      const db = await duck();
      try {
        const out: Record<string, number> = {};
        for (const t of TABLES) {
          const keys = [base, inc].map((d) => `SELECT ${t.primaryKey} FROM ${tableGlob(d, t.name)}`).join(' UNION ');
          out[t.name] =
            t.writeMode === 'append'
              ? mb[t.name].rows + mi[t.name].rows
              : Number(await db.value(`SELECT count(*) FROM (${keys})`));
        }
        return out;
      } finally {
        db.close();
      }
    };
    /** Every table's Delta versions (operation names, oldest first): a refused load adds none. */
    const versions = (schema: string) =>
      Object.fromEntries(
        [...emulator.tables.values()]
          .filter((t) => t.schema === schema)
          .map((t) => [t.name, emulator.history.versions(schema, t.name).map((c) => c.operation)]),
      );
    const fingerprint = (d: string) => readDrop(d).fingerprint;

    it('appends event tables, upserts entity tables, leaves no staging table; a rerun changes nothing', async () => {
      const b = await load(base, '/Volumes/main/synth/landing/base');
      expect(b.code, b.stderr).toBe(0);
      const i = await load(inc, '/Volumes/main/synth/landing/inc-1');
      expect(i.code, i.stderr).toBe(0);
      const after = await counts();
      expect(after).toEqual(await expectedAfterInc());
      const [mb] = [readDrop(base)].map((d) => d.manifests[0].tables);
      expect([...emulator.tables.keys()].filter((k) => k.includes('__idgraph_stage_'))).toEqual([]);
      // Upserted values are the increment's (a household's ZIP, say).
      const zips = await emulator.query('SELECT household_id, location_zip FROM "synth"."households" ORDER BY 1');
      const d2 = await duck();
      try {
        // The increment delivers only changed households (moved or new); the others keep the base's row.
        const [hb, hi] = [tableGlob(base, 'households'), tableGlob(inc, 'households')];
        const want = await d2.rows(
          `SELECT household_id, location_zip FROM ${hi} UNION ALL SELECT household_id, location_zip FROM ${hb} WHERE household_id NOT IN (SELECT household_id FROM ${hi}) ORDER BY 1`,
        );
        expect(zips.map((r) => [Number(r.household_id), r.location_zip])).toEqual(
          want.map((r) => [Number(r.household_id), r.location_zip]),
        );
      } finally {
        d2.close();
      }
      // Each drop is one Delta version per table: COPY INTO for appends, MERGE for upserts.
      const ops = versions('synth');
      for (const t of TABLES) {
        const data = ops[t.name].filter((o) => o === 'COPY INTO' || o === 'MERGE');
        expect(data, t.name).toEqual(t.writeMode === 'append' ? ['COPY INTO', 'COPY INTO'] : ['COPY INTO', 'MERGE']);
      }
      // VERSION AS OF the base's COPY INTO reads the graph before the increment (Databricks syntax, via the fake).
      const v = emulator.history.versions('synth', 'households').findIndex((c) => c.operation === 'COPY INTO');
      const before = await emulator.respond(
        `SELECT count(*) AS n FROM \`main\`.\`synth\`.\`households\` VERSION AS OF ${v}`,
      );
      expect((before as { rows: unknown[][] }).rows[0][0]).toBe(mb.households.rows);
      // The lineage record lists both drops, in order.
      expect(
        await emulator.query('SELECT fingerprint, sequence FROM "synth"."_idgraph_lineage" ORDER BY sequence'),
      ).toEqual([
        { fingerprint: fingerprint(base), sequence: 0 },
        { fingerprint: fingerprint(inc), sequence: 1 },
      ]);
      const again = await load(inc, '/Volumes/main/synth/landing/inc-1');
      expect(again.code, again.stderr).toBe(0);
      expect(await counts()).toEqual(after);
      expect(await emulator.query('SELECT count(*) AS n FROM "synth"."_idgraph_lineage"')).toEqual([{ n: 2 }]);
    }, 240_000);

    it("runs the README's time travel example: DESCRIBE HISTORY, then VERSION AS OF and TIMESTAMP AS OF its base row", async () => {
      // The README's SQL block under "Delta versions", on schema synth instead of synthetic_data.
      const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
      const block = /\*\*Delta versions\.\*\*[\s\S]*?```sql\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
      const statements = block
        .split('\n')
        .filter((l) => l.trim() && !l.trim().startsWith('--'))
        .map((l) => l.trim().replace(/;$/, '').replaceAll('main.synthetic_data.', 'main.synth.'));
      expect(statements.map((x) => x.split(' ').slice(0, 2).join(' '))).toEqual([
        'DESCRIBE HISTORY',
        'SELECT count(*)',
        'SELECT count(*)',
        'SELECT fingerprint,',
      ]);
      const [history, byVersion, byTimestamp, drops] = statements;
      const rows = await sql(history);
      // Newest first: the increment's MERGE above the base's COPY INTO.
      const ops = rows.map((r) => r.operation);
      expect(ops.indexOf('MERGE')).toBeLessThan(ops.indexOf('COPY INTO'));
      const baseRow = rows.find((r) => r.operation === 'COPY INTO')!;
      const baseRows = readDrop(base).manifests[0].tables.households.rows;
      const count = async (text: string) => Number(Object.values((await sql(text))[0])[0]);
      expect(await count(byVersion.replace('<v>', String(baseRow.version)))).toBe(baseRows);
      const at = (ts: string) => byTimestamp.replace("'<timestamp>'", `'${ts}'`);
      expect(await count(at(String(baseRow.timestamp)))).toBe(baseRows);
      // Any instant up to the next commit reads the same version; the newest commit reads the table now.
      const later = new Date(Date.parse(String(baseRow.timestamp)) + 500).toISOString();
      expect(await count(at(later))).toBe(baseRows);
      const now = Number((await emulator.query('SELECT count(*) AS n FROM "synth"."households"'))[0].n);
      expect(now).toBeGreaterThan(baseRows);
      expect(await count(at(String(rows[0].timestamp)))).toBe(now);
      // Before the first commit, or after the latest, there is no version to read (Delta's errors).
      const before = await emulator.respond(at('2000-01-01'));
      expect(before).toMatchObject({
        error: expect.stringMatching(/^\[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION\]/),
      });
      const after = new Date(Date.parse(String(rows[0].timestamp)) + 1000).toISOString();
      expect(await emulator.respond(at(after))).toMatchObject({
        error: expect.stringMatching(/^\[DELTA_TIMESTAMP_GREATER_THAN_COMMIT\]/),
      });
      expect((await sql(drops)).map((r) => Number(r.sequence))).toEqual([0, 1]);
    });

    it('validate --engine databricks judges base + increment as of the increment, with the figures validate --db computes', async () => {
      // Loaded by the test above: base + inc in schema synth. DuckDB loads the same two drops.
      const dbDir = tempDir();
      const dbFile = join(dbDir, 'graph.duckdb');
      try {
        for (const d of [base, inc]) {
          const l = await cliAsync(['load', d, '--db', dbFile], env);
          expect(l.code, l.stderr).toBe(0);
        }
        const local = await cliAsync(['validate', '--db', dbFile, '--json'], env);
        const args = ['validate', '--engine', 'databricks', '--catalog', 'main', '--schema', 'synth', '--json'];
        const remote = await cliAsync([...args, inc, ...connection], env);
        expect(remote.stderr).toBe('');
        type Result = { id: string; status: string; figure: number | null };
        const [want, got] = [local, remote].map(
          (r) => new Map((JSON.parse(r.stdout).results as Result[]).map((x) => [x.id, x])),
        );
        expect([...got.values()].filter((x) => x.status === 'failed').map((x) => x.id)).toEqual([]);
        expect(remote.code).toBe(0);
        // Every rule both engines judge gets the same figure: the same rows, read the same way.
        let compared = 0;
        for (const [id, g] of got) {
          const w = want.get(id);
          if (!w || g.status === 'skipped' || w.status === 'skipped' || id.endsWith('.schema')) continue;
          expect(g.figure, id).toBeCloseTo(Number(w.figure), 9);
          compared++;
        }
        expect(compared).toBeGreaterThan(150);
        // The scope matters: over the whole schema, the rules that pair responses with exposures
        // and outcomes see other rows than over the latest window.
        const unscoped = await runRules(
          { execute: (text) => sql(text) },
          allRules(readDrop(inc).config, databricksDialect({ catalog: 'main', schema: 'synth' })),
          'STRING',
        );
        const moved = unscoped.filter(
          (u) => u.status === 'failed' || (u.status === 'passed' && u.figure !== got.get(u.id)?.figure),
        );
        expect(moved.length, 'rules whose figure depends on the scope').toBeGreaterThan(0);
        // Judging the schema with the base's config is refused, naming the latest drop (exit 2).
        const early = await cliAsync([...args, base, ...connection], env);
        expect(early.code).toBe(2);
        expect(early.stderr).toContain(`holds drops up to ${fingerprint(inc)} (sequence 1`);
        expect(early.stderr).toMatch(/fix: pass the latest drop loaded there/);
      } finally {
        rmSync(dbDir, { recursive: true, force: true });
      }
    }, 240_000);

    it('refuses a drop of another lineage, before any change, naming the lineage and the expected parent', async () => {
      const [rows, ops] = [await counts(), versions('synth')];
      expect(rows.households).toBeGreaterThan(0); // base + inc from the test above
      const r = await load(other, '/Volumes/main/synth/landing/other');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `schema main.synth holds another lineage (base ${fingerprint(base)}, up to drop ${fingerprint(inc)}, sequence 1)`,
      );
      expect(r.stderr).toMatch(/fix: load it into another --schema/);
      expect(r.stderr).not.toMatch(/\[databricks\]|DUPLICATE|EMULATOR/);
      expect(await counts()).toEqual(rows);
      expect(versions('synth')).toEqual(ops);
    }, 120_000);

    it('refuses an increment whose parent is not loaded (out of order), and creates nothing', async () => {
      const early = await load(inc, '/Volumes/main/synth/landing/inc-1', 'early');
      expect(early.code).toBe(2);
      expect(early.stderr).toContain(`continues drop ${fingerprint(base)} (sequence 0,`);
      expect(early.stderr).toContain('which is not loaded in schema main.early');
      expect(early.stderr).toContain(`fix: load drop ${fingerprint(base)} first, then this one; nothing was loaded`);
      expect(emulator.catalog.schemaOwners.has('early')).toBe(false);

      expect((await load(base, '/Volumes/main/synth/landing/base', 'early')).code).toBe(0);
      const [rows, ops] = [await counts('early'), versions('early')];
      const skip = await load(inc2, '/Volumes/main/synth/landing/inc-2', 'early');
      expect(skip.code).toBe(2);
      expect(skip.stderr).toContain(`continues drop ${fingerprint(inc)} (sequence 1,`);
      expect(skip.stderr).toContain(`(it holds up to sequence 0, drop ${fingerprint(base)})`);
      expect(skip.stderr).toContain(`fix: load drop ${fingerprint(inc)} first`);
      expect(await counts('early')).toEqual(rows);
      expect(versions('early')).toEqual(ops);
      expect([...emulator.tables.keys()].filter((k) => k.includes('__idgraph_stage_'))).toEqual([]);
    }, 240_000);

    /** Runs Spark SQL on the emulator; rows as objects. */
    const sql = async (text: string) => {
      const reply = await emulator.respond(text);
      if (!reply || typeof reply !== 'object' || !('columns' in reply)) throw new Error(JSON.stringify(reply));
      const names = reply.columns.map((c) => (typeof c === 'string' ? c : c.name));
      return reply.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, (r as unknown[])[i]])));
    };
    /** An older idgraph's table, created as that version's DDL would have. */
    const olderTable = async (schema: string, table: Table) => {
      await sql(`CREATE SCHEMA IF NOT EXISTS \`main\`.\`${schema}\``);
      await sql(databricksCreateTable(table, { catalog: 'main', schema }));
    };

    it('plans ADD COLUMNS for the registry variant with one more nullable column, and refuses NOT NULL or another type', async () => {
      const households = getTable('households');
      await olderTable('variant', households);
      const name = '`main`.`variant`.`households`';
      const describe = () => sql(`DESCRIBE TABLE ${name}`);
      const variant: Table = {
        ...households,
        columns: [
          ...households.columns,
          { name: 'dwelling_age', type: 'INT', nullable: true, description: 'Years since built' },
        ],
      };
      const planned = schemaEvolution(variant, await describe(), name);
      expect(planned).toEqual({
        problems: [],
        alter: "ALTER TABLE `main`.`variant`.`households` ADD COLUMNS (`dwelling_age` INT COMMENT 'Years since built')",
      });
      await sql(planned.alter!);
      expect(schemaEvolution(variant, await describe(), name)).toEqual({ problems: [] });
      const notNull: Table = {
        ...variant,
        columns: [...variant.columns, { name: 'x', type: 'INT', nullable: false, description: '' }],
      };
      expect(schemaEvolution(notNull, await describe(), name).problems).toEqual([
        'x: new NOT NULL column (existing rows would have no value)',
      ]);
      const retyped: Table = {
        ...variant,
        columns: variant.columns.map((c) => (c.name === 'household_size' ? { ...c, type: 'BIGINT' } : c)),
      };
      expect(schemaEvolution(retyped, await describe(), name)).toEqual({
        problems: ['household_size: int, expected bigint'],
      });
      // The registry itself lacks dwelling_age: a table that has it is not additive either.
      expect(schemaEvolution(households, await describe(), name).problems).toEqual([
        'dwelling_age: not in the data model',
      ]);
    });

    it('adds a new nullable column to an older table (ALTER TABLE … ADD COLUMNS), then loads its values', async () => {
      const engagements = getTable('content_engagements');
      expect(engagements.columns.at(-1)).toMatchObject({ name: 'session_id', nullable: true });
      // Without its foreign key: the emulator, like Unity Catalog, wants the referenced table to exist.
      await olderTable('older', { ...engagements, columns: engagements.columns.slice(0, -1), foreignKeys: [] });
      const r = await load(base, '/Volumes/main/synth/landing/base', 'older');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).notices).toContainEqual(
        expect.stringMatching(
          /^added new nullable columns to content_engagements: ALTER TABLE .* ADD COLUMNS \(`session_id` STRING COMMENT/,
        ),
      );
      const ops = versions('older').content_engagements;
      expect(ops.indexOf('ADD COLUMNS')).toBeGreaterThan(0);
      expect(ops.indexOf('ADD COLUMNS')).toBeLessThan(ops.indexOf('COPY INTO'));
      const rows = readDrop(base).manifests[0].tables.content_engagements.rows;
      expect(
        await emulator.query('SELECT count(*) AS n, count(session_id) AS given FROM "older"."content_engagements"'),
      ).toEqual([{ n: rows, given: rows }]);
    }, 120_000);

    it('refuses a table with another column type before anything is written', async () => {
      const households = getTable('households');
      await olderTable('retyped', {
        ...households,
        columns: households.columns.map((c) => (c.name === 'household_size' ? { ...c, type: 'BIGINT' } : c)),
      });
      const r = await load(base, '/Volumes/main/synth/landing/base', 'retyped');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'tables in main.retyped have an incompatible schema: households (household_size: bigint, expected int)',
      );
      expect([...emulator.tables.keys()].filter((k) => k.startsWith('retyped.'))).toEqual(['retyped.households']);
      expect(versions('retyped')).toEqual({ households: ['CREATE TABLE'] });
    }, 120_000);

    it('converges when a rerun follows a load interrupted half-way (the lineage row is written last)', async () => {
      expect((await load(base, '/Volumes/main/synth/landing/base', 'resume')).code).toBe(0);
      // Fails after households was MERGEd and individuals copied into its staging table.
      failOn = /^MERGE INTO `main`\.`resume`\.`individuals`/;
      const broken = await load(inc, '/Volumes/main/synth/landing/inc-1', 'resume');
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/INTERNAL_ERROR.*injected[\s\S]*MERGE INTO `main`\.`resume`\.`individuals`/);
      expect(failOn).toBeUndefined();
      expect(await emulator.query('SELECT sequence FROM "resume"."_idgraph_lineage"')).toEqual([{ sequence: 0 }]);
      const again = await load(inc, '/Volumes/main/synth/landing/inc-1', 'resume');
      expect(again.code, again.stderr).toBe(0);
      expect(await counts('resume')).toEqual(await expectedAfterInc());
      expect(await emulator.query('SELECT sequence FROM "resume"."_idgraph_lineage" ORDER BY 1')).toEqual([
        { sequence: 0 },
        { sequence: 1 },
      ]);
      expect([...emulator.tables.keys()].filter((k) => k.includes('__idgraph_stage_'))).toEqual([]);
    }, 240_000);
  });
});
