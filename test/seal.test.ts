import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { TABLES } from '../src/schema/registry.js';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { duck } from './helpers/duckdb.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './helpers/s3-server.js';

const SHARDS = 4;
const config = ['--households', '300', '--seed', '11', '--set', 'output.chunkHouseholds=64', '--workers', '1'];

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
  beforeAll(async () => {
    s3 = await startS3Server();
    single = join(temp(), 'single');
    expect(cli(['generate', '--out', single, ...config]).code).toBe(0);
  });
  afterAll(async () => {
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
  });

  it('refuses to seal with shards missing, naming them, and seals once the missing shard is rerun', async () => {
    const results = await runShards('run2', [0, 2, 3]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const r = await uploadCli(['seal', `s3://${s3.bucket}/run2`], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is incomplete: shard 1 of 4 is missing/);
    expect((await runShards('run2', [1]))[0].code).toBe(0);
    expect((await uploadCli(['seal', `s3://${s3.bucket}/run2`], env())).code).toBe(0);
    expect(await tableHashes(await download('run2'))).toEqual(await tableHashes(single));
  });

  it('a shard killed midway (lock left behind) is rerun alone, and the sealed prefix is identical', async () => {
    const prefix = 'run4';
    const crashing = spawn(
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
        `s3://${s3.bucket}/${prefix}`,
        // A hard kill cleans nothing up: keep its local files where this test removes them.
        '--out',
        join(temp(), 'crash'),
      ],
      { env: env({ JOB_COMPLETION_INDEX: '1' }), stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => crashing.on('exit', resolve));
    // Killed hard as soon as it holds its lock object: no cleanup runs, no manifest is staged.
    const lockKey = `${prefix}/.idgraph-shard-1-of-${SHARDS}.lock`;
    let locked = false;
    for (let i = 0; i < 1200 && !locked; i++) {
      locked = await s3.client
        .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: lockKey }))
        .then(() => true)
        .catch(() => false);
      if (!locked) await new Promise((r) => setTimeout(r, 50));
    }
    crashing.kill('SIGKILL');
    await exited;
    expect(locked).toBe(true);
    for (const r of await runShards(prefix, [0, 2, 3])) expect(r.code, r.stderr).toBe(0);
    expect((await uploadCli(['seal', `s3://${s3.bucket}/${prefix}`], env())).stderr).toMatch(/shard 1 of 4 is missing/);
    // The rerun breaks the dead process's lock (same host, pid gone) and sends what is missing.
    const rerun = (await runShards(prefix, [1]))[0];
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await uploadCli(['seal', `s3://${s3.bucket}/${prefix}`], env())).code).toBe(0);
    const sealed = await download(prefix);
    expect(readdirSync(sealed).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(await tableHashes(sealed)).toEqual(await tableHashes(single));
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

  it('--shard auto needs an index from the engine and --shards', () => {
    const none = cli(['generate', '--out', join(temp(), 'x'), ...config, '--shard', 'auto', '--shards', '4']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set/);
    expect(cli(['generate', '--out', join(temp(), 'x'), ...config, '--shard', 'auto']).stderr).toMatch(
      /--shard auto needs --shards N/,
    );
  });
});
