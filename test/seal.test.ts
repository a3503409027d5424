import { DeleteObjectCommand, GetObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { TABLES } from '../src/schema/registry.js';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { duck } from './helpers/duckdb.js';
import { type DeltaEmulator, startDeltaEmulator } from './helpers/fake-databricks/delta/emulator.js';
import { s3Mirror, type StagingMirror } from './helpers/fake-databricks/delta/staging-sources.js';
import { type FakeDatabricks, startFakeDatabricks } from './helpers/fake-databricks/index.js';
import { startGateProxy } from './helpers/gate-proxy.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './helpers/s3-server.js';

const SHARDS = 4;
// A few hundred households over two weeks: many files per shard (one per table and day), quick to make.
const config = [
  '--households',
  '300',
  '--seed',
  '11',
  '--set',
  'output.chunkHouseholds=64',
  '--set',
  'window.length=14d',
  '--workers',
  '1',
];
const TOKEN = 'dapi-seal-test-token';
const LOADER_GRANTS = [
  { securable: 'CATALOG' as const, object: 'main', privilege: 'USE CATALOG' },
  { securable: 'CATALOG' as const, object: 'main', privilege: 'CREATE SCHEMA' },
];

/** Issue 15: shards as the engines run them (index in the environment), streamed to one prefix, then sealed. */
describe('scale out: --shard auto and seal', () => {
  const temps: string[] = [];
  const temp = () => {
    const dir = tempDir();
    temps.push(dir);
    return dir;
  };
  let s3: S3Server;
  let single: string;
  // The Databricks test endpoint, executing COPY INTO against what is on the loopback S3 server.
  let fake: FakeDatabricks;
  let emulator: DeltaEmulator;
  let mirror: StagingMirror;
  let databricks: { env: Record<string, string>; flags: string[] };
  beforeAll(async () => {
    s3 = await startS3Server();
    single = join(temp(), 'single');
    expect(cli(['generate', '--out', single, ...config]).code).toBe(0);
    mirror = s3Mirror(s3.client);
    emulator = await startDeltaEmulator({ grants: LOADER_GRANTS, staging: mirror.resolve });
    fake = await startFakeDatabricks({ token: TOKEN, engine: (sql) => emulator.respond(sql) });
    const ca = join(temp(), 'ca.pem');
    writeFileSync(ca, fake.ca);
    databricks = {
      env: {
        DATABRICKS_HOST: `https://${fake.host}:${fake.port}`,
        DATABRICKS_TOKEN: TOKEN,
        DATABRICKS_CONFIG_FILE: join(temp(), 'none.cfg'),
      },
      flags: ['--catalog', 'main', '--schema', 'synth', '--http-path', fake.httpPath, '--ca-file', ca, '--wait', '3'],
    };
  });
  afterAll(async () => {
    await fake?.close();
    emulator?.close();
    mirror?.close();
    await s3?.close();
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) =>
    isolatedAwsEnv({
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: s3.endpoint,
      ...extra,
    });
  /** Every object under a prefix, downloaded into a local folder. */
  const download = async (prefix: string): Promise<string> => {
    const dir = join(temp(), 'copy');
    // ListObjects v1 paged by marker: s3rver cannot mint v2 continuation tokens on OpenSSL 3.
    let marker: string | undefined;
    do {
      const page = await s3.client.send(
        new ListObjectsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/`, Marker: marker }),
      );
      for (const o of page.Contents ?? []) {
        const body = (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: o.Key! }))).Body!;
        const path = join(dir, o.Key!.slice(prefix.length + 1));
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, await body.transformToByteArray());
      }
      marker = page.IsTruncated ? page.Contents!.at(-1)!.Key : undefined;
    } while (marker);
    return dir;
  };
  /** Per table: row count and a hash of all rows in key order, read by DuckDB from the manifest's files. */
  const tableHashes = async (dir: string) => {
    const drop = readDrop(dir);
    const db = await duck();
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const files = drop.files.filter((f) => f.table === t.name).map((f) => `'${join(dir, f.path)}'`);
      if (files.length === 0) continue;
      const [row] = await db.rows(
        `SELECT count(*) AS n, md5(string_agg(CAST(r AS VARCHAR), '|' ORDER BY r."${t.primaryKey}")) AS h FROM read_parquet([${files.join(', ')}]) AS r`,
      );
      out[t.name] = `${row.n}:${row.h}`;
    }
    db.close();
    return out;
  };
  const runShards = (prefix: string, indexes: number[]) =>
    Promise.all(
      indexes.map((k) =>
        uploadCli(
          ['generate', ...config, '--shard', 'auto', '--shards', String(SHARDS), '--to', `s3://${s3.bucket}/${prefix}`],
          // Kubernetes for the even shards, AWS Batch for the odd ones.
          env(k % 2 === 0 ? { JOB_COMPLETION_INDEX: String(k) } : { AWS_BATCH_JOB_ARRAY_INDEX: String(k) }),
        ),
      ),
    );

  it('four shard processes started at once into one S3 prefix, sealed, equal the single run', async () => {
    const results = await runShards('run1', [0, 1, 2, 3]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const seal = await uploadCli(['seal', `s3://${s3.bucket}/run1`, '--json'], env());
    expect(seal.code, seal.stderr).toBe(0);
    expect(JSON.parse(seal.stdout)).toMatchObject({ shards: SHARDS, alreadySealed: false });
    const sealed = await download('run1');
    const manifest = readDrop(sealed);
    expect(manifest.manifests).toHaveLength(1);
    const rows = (d: string) =>
      Object.fromEntries(Object.entries(readDrop(d).manifests[0].tables).map(([t, v]) => [t, v.rows]));
    expect(rows(sealed)).toEqual(rows(single));
    expect(await tableHashes(sealed)).toEqual(await tableHashes(single));
    expect(cli(['validate', sealed]).code).toBe(0);

    // Sealing again finds the same bytes and writes nothing.
    const again = await uploadCli(['seal', `s3://${s3.bucket}/run1`, '--json'], env());
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).alreadySealed).toBe(true);

    // The sealed prefix loads into the Databricks test endpoint with every file of every shard.
    const load = await uploadCli(
      ['load', '--engine', 'databricks', '--from', `s3://${s3.bucket}/run1`, ...databricks.flags, '--json'],
      env(databricks.env),
    );
    expect(load.code, load.stderr).toBe(0);
    const sealedManifest = manifest.manifests[0];
    for (const t of TABLES) {
      const [{ n }] = await emulator.query(`SELECT count(*) AS n FROM "synth"."${t.name}"`);
      expect(Number(n), t.name).toBe(readDrop(single).manifests[0].tables[t.name].rows);
      expect(emulator.tables.get(`synth.${t.name}`)?.loaded.size, t.name).toBe(sealedManifest.tables[t.name].files);
    }
  });

  it('a shard killed midway (SIGKILL) and rerun alone seals to the same content', async () => {
    // Shard 2 talks to S3 through a gate that stops answering after a few of its files: it is
    // caught with some files staged and no manifest, then killed like a preempted pod.
    const gate = await startGateProxy(s3.port, 3);
    const scratch = join(temp(), 'killed-tmp');
    mkdirSync(scratch);
    const victim = spawn(
      process.execPath,
      [
        join(PACKAGE_ROOT, 'bin', 'idgraph.js'),
        'generate',
        ...config,
        '--shard',
        'auto',
        '--shards',
        String(SHARDS),
        '--to',
        `s3://${s3.bucket}/run4`,
      ],
      // Its temporary --out folder is left behind by SIGKILL: keep it in a folder this test removes.
      { env: env({ JOB_COMPLETION_INDEX: '2', AWS_ENDPOINT_URL: gate.endpoint, TMPDIR: scratch }), stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((done) => victim.on('exit', (_code, sig) => done(sig)));
    const others = runShards('run4', [0, 1, 3]);
    await gate.closed;
    victim.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await gate.close();
    for (const r of await others) expect(r.code, r.stderr).toBe(0);
    expect(gate.passed.length).toBe(3);

    const early = await uploadCli(['seal', `s3://${s3.bucket}/run4`], env());
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/is incomplete: shard 2 of 4 is missing/);

    // Its lock names a dead process on this host: the rerun breaks it and sends only what is missing.
    const rerun = await runShards('run4', [2]);
    expect(rerun[0].code, rerun[0].stderr).toBe(0);
    expect((await uploadCli(['seal', `s3://${s3.bucket}/run4`], env())).code).toBe(0);
    const sealed = await download('run4');
    // No lock left behind: the rerun broke the dead one and released its own.
    expect(readdirSync(sealed).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await tableHashes(sealed)).toEqual(await tableHashes(single));
    // The combined manifest is built from the shard manifests alone: byte for byte the clean run's.
    expect(readFileSync(join(sealed, '_manifest.json'), 'utf8')).toBe(
      readFileSync(join(await download('run1'), '_manifest.json'), 'utf8'),
    );
  });

  it('refuses to seal with shards missing, naming them, and seals once the missing shard is rerun', async () => {
    const results = await runShards('run2', [0, 2, 3]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const r = await uploadCli(['seal', `s3://${s3.bucket}/run2`], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is incomplete: shard 1 of 4 is missing/);
    // load and validate on Databricks read the staged manifests and refuse the same way, naming the prefix.
    for (const command of ['load', 'validate']) {
      const refused = await uploadCli(
        [command, '--engine', 'databricks', '--from', `s3://${s3.bucket}/run2`, ...databricks.flags],
        env(databricks.env),
      );
      expect(refused.code, command).toBe(2);
      expect(refused.stderr, command).toContain(`s3://${s3.bucket}/run2 is incomplete: shard 1 of 4 is missing`);
    }
    expect((await runShards('run2', [1]))[0].code).toBe(0);
    expect((await uploadCli(['seal', `s3://${s3.bucket}/run2`], env())).code).toBe(0);
    expect(await tableHashes(await download('run2'))).toEqual(await tableHashes(single));
  });

  it('refuses a shard manifest from another config, and a shard whose files are gone', async () => {
    const results = await runShards('run3', [0, 1, 2, 3]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // Shard 2 of another seed, as a careless rerun would leave it.
    const other = (await generateDrop({ households: 300, seed: 12 }, { out: temp(), shard: { index: 2, count: 4 } }))
      .out;
    const stray = readFileSync(join(other, '_manifest-shard-2-of-4.json'));
    const original = await (
      await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: 'run3/_manifest-shard-2-of-4.json' }))
    ).Body!.transformToByteArray();
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'run3/_manifest-shard-2-of-4.json', Body: stray }),
    );
    const mixed = await uploadCli(['seal', `s3://${s3.bucket}/run3`], env());
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/mixes shards of different runs/);

    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: 'run3/_manifest-shard-2-of-4.json', Body: original }),
    );
    const victim = readDrop(single).files.find((f) => f.table === 'households')!.path;
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `run3/${victim}` }));
    const gone = await uploadCli(['seal', `s3://${s3.bucket}/run3`], env());
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(victim);
  });

  it("an engine's retry of a task takes over the lock its killed attempt left on another host; no one else does", async () => {
    const folder = join(temp(), 'staged');
    mkdirSync(folder);
    const lock = join(folder, '.idgraph-shard-1-of-4.lock');
    // Attempt 1 of AWS Batch array child job-123:1, killed on another host with its lock in place.
    const left = {
      pid: 4242,
      host: 'ip-10-0-7-7',
      command: 'idgraph generate --to',
      since: '2026-01-01T00:00:00.000Z',
    };
    writeFileSync(lock, `${JSON.stringify({ ...left, task: 'aws-batch:job-123:1' })}\n`);
    const attempt = (jobId: string) =>
      uploadCli(
        ['generate', ...config, '--shard', 'auto', '--shards', String(SHARDS), '--to', folder],
        env({ AWS_BATCH_JOB_ARRAY_INDEX: '1', AWS_BATCH_JOB_ID: jobId }),
      );
    const stranger = await attempt('job-999:1');
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/is in use by idgraph generate --to \(pid 4242 on ip-10-0-7-7/);
    const retry = await attempt('job-123:1');
    expect(retry.code, retry.stderr).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(folder, '_manifest-shard-1-of-4.json'))).toBe(true);
    // A lock without an engine task is never broken from another host.
    writeFileSync(lock, `${JSON.stringify(left)}\n`);
    expect((await attempt('job-123:1')).code).toBe(2);
  });

  it('--shard auto needs an index from the engine and --shards', () => {
    const none = cli(['generate', '--out', join(temp(), 'x'), ...config, '--shard', 'auto', '--shards', '4']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set/);
    expect(cli(['generate', '--out', join(temp(), 'x'), ...config, '--shard', 'auto']).stderr).toMatch(
      /--shard auto needs --shards N/,
    );
  });
});
