import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { TABLES } from '../src/schema/registry.js';
import { cli } from './helpers/cli.js';
import { cliAsync } from './helpers/cli-async.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { type StagingMirror, volumeMirror } from './helpers/fake-databricks/delta/staging-sources.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';
import { fakeWarehouseEnv } from './helpers/fake-warehouse-env.js';

/**
 * Issue 15 on a Unity Catalog volume: shards staged under one /Volumes/… path are sealed through
 * the real driver's LIST / GET / PUT against the fake warehouse (its Delta emulator answers LIST
 * from the fake's volume), and load / validate refuse the path while a shard is missing.
 */
const TOKEN = 'dapi-seal-volume-token';
const ROOT = '/Volumes/main/synth/landing/sharded';
const SHARDS = 4;

describe('idgraph seal /Volumes/…', () => {
  let fake: FakeDatabricks;
  let emulator: DeltaEmulator;
  let mirror: StagingMirror;
  let shards: string;
  let env: NodeJS.ProcessEnv;
  let flags: string[];

  /** Shard k's files and manifest, as `generate --shard k/4 --to /Volumes/…` leaves them. */
  const stage = (k: number) => {
    const name = `_manifest-shard-${k}-of-${SHARDS}.json`;
    const manifest = JSON.parse(readFileSync(join(shards, name), 'utf8')) as { files: { path: string }[] };
    for (const path of [...manifest.files.map((f) => f.path), name])
      fake.staged.set(`${ROOT}/${path}`, readFileSync(join(shards, path)));
  };
  const run = (args: string[]) => cliAsync([...args, ...flags], env);
  /** PUT statements that staged a file, not a lock. */
  const manifestPuts = () =>
    fake.statements.filter((s) => s.sql.startsWith('PUT ') && !/\.lock'$/.test(s.sql.trim())).length;
  /** A lock as a live `generate` on this host leaves it (this test process's pid). */
  const liveLock = () =>
    Buffer.from(
      JSON.stringify({
        pid: process.pid,
        host: hostname(),
        command: 'idgraph generate',
        since: '2026-01-01T00:00:00.000Z',
      }),
    );

  beforeAll(async () => {
    shards = tempDir();
    for (let k = 0; k < SHARDS; k++)
      await generateDrop(
        { households: 300, window: { end: '2025-09-30', length: '7d' } },
        { out: shards, shard: { index: k, count: SHARDS }, workers: 1 },
      );
    fake = await startFakeDatabricks({ token: TOKEN, engine: (sql) => emulator.respond(sql) });
    mirror = volumeMirror(fake.staged);
    emulator = await startDeltaEmulator({
      grants: [
        { securable: 'CATALOG', object: 'main', privilege: 'USE CATALOG' },
        { securable: 'CATALOG', object: 'main', privilege: 'CREATE SCHEMA' },
      ],
      staging: mirror.resolve,
    });
    ({ env, flags } = fakeWarehouseEnv(fake, TOKEN, tempDir()));
  });
  afterAll(async () => {
    await fake?.close();
    emulator?.close();
    mirror?.close();
  });

  it('refuses while a shard is missing (seal, load and validate name it), then seals, loads every file, and reseals to nothing', async () => {
    for (const k of [0, 2, 3]) stage(k);
    const target = ['--catalog', 'main', '--schema', 'synth'];
    for (const args of [
      ['seal', ROOT],
      ['load', '--engine', 'databricks', '--from', ROOT, ...target],
      ['validate', '--engine', 'databricks', '--from', ROOT, ...target],
    ]) {
      const r = await run(args);
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr, args[0]).toContain(`${ROOT} is incomplete: shard 1 of 4 is missing`);
    }
    expect(fake.staged.has(`${ROOT}/_manifest.json`)).toBe(false);

    stage(1);
    const sealed = await run(['seal', ROOT, '--json']);
    expect(sealed.stderr).toBe('');
    expect(sealed.code).toBe(0);
    expect(JSON.parse(sealed.stdout)).toMatchObject({ shards: SHARDS, alreadySealed: false });
    // The same combined manifest as sealing the local folder the shards were generated into.
    expect(cli(['seal', shards]).code).toBe(0);
    const local = readFileSync(join(shards, '_manifest.json'));
    expect(fake.staged.get(`${ROOT}/_manifest.json`)?.equals(local)).toBe(true);
    expect(manifestPuts()).toBe(1);

    const again = await run(['seal', ROOT, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).alreadySealed).toBe(true);
    expect(manifestPuts()).toBe(1);

    const load = await run(['load', '--engine', 'databricks', '--from', ROOT, ...target, '--json']);
    expect(load.code, load.stderr).toBe(0);
    const drop = readDrop(shards).manifests[0];
    for (const t of TABLES) {
      const [{ n }] = await emulator.query(`SELECT count(*) AS n FROM "synth"."${t.name}"`);
      expect(Number(n), t.name).toBe(drop.tables[t.name].rows);
      expect(emulator.tables.get(`synth.${t.name}`)?.loaded.size, t.name).toBe(drop.tables[t.name].files);
    }
  });

  it('refuses to stage another drop into the sealed path unless --overwrite', async () => {
    const other = (await generateDrop({ households: 64, seed: 8, window: { end: '2025-09-30', length: '1d' } })).out;
    const before = [...fake.staged.keys()].sort();
    const refused = await run(['upload', other, '--to', ROOT]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds another drop \(_manifest-shard-0-of-4\.json, config fingerprint/);
    expect([...fake.staged.keys()].sort()).toEqual(before);
  });

  it('locks a volume path: seal and upload are refused while a live writer holds it, naming the holder', async () => {
    for (const lock of ['.idgraph.lock', '.idgraph-shard-2-of-4.lock']) {
      fake.staged.set(`${ROOT}/${lock}`, liveLock());
      const seal = await run(['seal', ROOT]);
      expect(seal.code, lock).toBe(2);
      expect(seal.stderr, lock).toContain(`is in use by idgraph generate (pid ${process.pid}`);
      expect(seal.stderr, lock).toContain(`${ROOT}/${lock}`);
      fake.staged.delete(`${ROOT}/${lock}`);
    }
    const sealed = await run(['seal', ROOT, '--json']);
    expect(sealed.code, sealed.stderr).toBe(0);
    // Our own lock is gone once done.
    expect([...fake.staged.keys()].filter((k) => k.endsWith('.lock'))).toEqual([]);
  });

  it('upload --overwrite replaces another drop on a volume path: its manifest and files go, the new drop is complete', async () => {
    const mix = '/Volumes/main/synth/landing/mix';
    const a = (await generateDrop({ households: 64, seed: 3, window: { end: '2025-09-30', length: '1d' } })).out;
    const b = (await generateDrop({ households: 64, seed: 4, window: { end: '2025-09-30', length: '2d' } })).out;
    const staged = () =>
      [...fake.staged.keys()]
        .filter((k) => k.startsWith(`${mix}/`))
        .map((k) => k.slice(mix.length + 1))
        .sort();
    expect((await run(['upload', a, '--to', mix])).code).toBe(0);
    const refused = await run(['upload', b, '--to', mix]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds another drop/);
    const replaced = await run(['upload', b, '--to', mix, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(staged()).toEqual(['_manifest.json', ...readDrop(b).files.map((f) => f.path)].sort());
    expect(fake.staged.get(`${mix}/_manifest.json`)?.equals(readFileSync(join(b, '_manifest.json')))).toBe(true);
    // A live writer's lock refuses an upload there too.
    fake.staged.set(`${mix}/.idgraph.lock`, liveLock());
    const held = await run(['upload', b, '--to', mix]);
    expect(held.code).toBe(2);
    expect(held.stderr).toContain(`is in use by idgraph generate (pid ${process.pid}`);
    fake.staged.delete(`${mix}/.idgraph.lock`);
  });

  it('refuses to seal when a listed file is missing or of another size, naming it', async () => {
    const victim = readDrop(shards).files.find((f) => f.table === 'identity_mappings')!.path;
    const bytes = fake.staged.get(`${ROOT}/${victim}`)!;
    fake.staged.set(`${ROOT}/${victim}`, bytes.subarray(0, bytes.length - 1));
    const r = await run(['seal', ROOT]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(victim);
    fake.staged.delete(`${ROOT}/${victim}`);
    expect((await run(['seal', ROOT])).stderr).toContain(victim);
    fake.staged.set(`${ROOT}/${victim}`, bytes);
  });
});
