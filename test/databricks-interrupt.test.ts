import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { TABLES } from '../src/schema/registry.js';
import { cliAsync } from './helpers/cli-async.js';
import { interruptWhen } from './helpers/cli-interrupt.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { type StagingMirror, volumeMirror } from './helpers/fake-databricks/delta/staging-sources.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';
import { fakeWarehouseEnv } from './helpers/fake-warehouse-env.js';

/**
 * Ctrl-C during `load --engine databricks` and `validate --engine databricks`: the real CLI and
 * driver against the fake warehouse, which holds one statement RUNNING (as a long COPY INTO or
 * query would be) until the client cancels it.
 */
const TOKEN = 'dapi-fake-0123456789abcdef';
const STAGING = '/Volumes/main/synth/landing/run-1';
const GRANTS = [
  { securable: 'CATALOG' as const, object: 'main', privilege: 'USE CATALOG' },
  { securable: 'CATALOG' as const, object: 'main', privilege: 'CREATE SCHEMA' },
];

describe('a single Ctrl-C stops Databricks work within a second', () => {
  let drop: string;
  let fake: FakeDatabricks;
  let emulator: DeltaEmulator;
  let mirror: StagingMirror;
  let env: NodeJS.ProcessEnv;
  let connection: string[];

  beforeAll(async () => {
    drop = (await generateDrop({ households: 100 })).out;
    fake = await startFakeDatabricks({ token: TOKEN, engine: (sql) => emulator.respond(sql) });
    mirror = volumeMirror(fake.staged);
    emulator = await startDeltaEmulator({ grants: GRANTS, staging: mirror.resolve, refuseStaging: () => false });
    for (const f of [...readDrop(drop).files.map((x) => x.path), '_manifest.json'])
      fake.staged.set(`${STAGING}/${f}`, readFileSync(join(drop, f)));
    ({ env, flags: connection } = fakeWarehouseEnv(fake, TOKEN, tempDir()));
  });
  afterAll(async () => {
    await fake?.close();
    emulator?.close();
    mirror?.close();
  });

  /** Runs the CLI; once the warehouse holds a statement matching `held`, sends SIGINT once. */
  async function interruptWhenHeld(args: string[], held: RegExp) {
    fake.setResponder((sql) => (held.test(sql) ? 'hold' : undefined));
    const sessionsBefore = fake.sessions.length;
    const statementsBefore = fake.statements.length;
    const cancelledBefore = fake.cancelled.length;
    const { code, ms, stdout, stderr } = await interruptWhen(
      args,
      () => fake.statements.slice(statementsBefore).some((s) => held.test(s.sql)),
      env,
    );
    fake.setResponder(undefined);
    return {
      code,
      ms,
      stdout,
      stderr,
      sessions: fake.sessions.slice(sessionsBefore),
      cancelled: fake.cancelled.slice(cancelledBefore),
    };
  }

  const count = async (table: string) =>
    Number((await emulator.query(`SELECT count(*) AS n FROM "synth"."${table}"`))[0].n);

  it('load cancels the running COPY INTO, closes its session, says what is loaded, exits 130; a rerun converges', async () => {
    const load = [
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
      '--json',
    ];
    const held = /^COPY INTO `main`\.`synth`\.`individuals`/i;
    const r = await interruptWhenHeld(load, held);
    expect(r.stderr).toBe(
      'idgraph: interrupted: the Databricks load stopped; 1 of 10 tables were copied (households); the statement running was cancelled. COPY INTO is idempotent: rerun the same command to finish the load (files already loaded are skipped)\n',
    );
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(1000);
    expect(r.stdout).toBe('');
    // The warehouse saw the cancel of that very statement, and the session was closed.
    expect(r.cancelled.filter((sql) => held.test(sql))).toHaveLength(1);
    expect(r.sessions.length).toBeGreaterThan(0);
    expect(r.sessions.every((s) => s.closed)).toBe(true);
    expect(await count('individuals')).toBe(0);

    // The rerun finishes the load: every table holds exactly the drop's rows.
    const again = await cliAsync(load, env);
    expect(again.code, again.stderr).toBe(0);
    const manifest = readDrop(drop).manifests[0];
    for (const t of TABLES) expect(await count(t.name), t.name).toBe(manifest.tables[t.name].rows);
  });

  it('validate cancels the running query, closes its session and exits 130 (not 1 for the rules it stopped)', async () => {
    const validate = [
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
    const held = /^DESCRIBE TABLE `main`\.`synth`\.`households`/i;
    const r = await interruptWhenHeld(validate, held);
    expect(r.stderr).toBe('idgraph: interrupted: validation stopped; nothing was changed\n');
    expect(r.code).toBe(130);
    expect(r.ms).toBeLessThan(1000);
    expect(r.stdout).toBe('');
    expect(r.cancelled.filter((sql) => held.test(sql))).toHaveLength(1);
    expect(r.sessions.length).toBeGreaterThan(0);
    expect(r.sessions.every((s) => s.closed)).toBe(true);
  });
});
