import { ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { StagingSink } from '../src/sinks/sink.js';
import { lockStaging } from '../src/sinks/staging-claim.js';
import { cli } from './helpers/cli.js';
import { generateDrop, tempDir } from './helpers/drops.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './helpers/s3-server.js';

// Two weeks: locks do not care about the window, and fewer files make each run quicker.
const small = [
  '--households',
  '100',
  '--set',
  'output.chunkHouseholds=64',
  '--set',
  'window.length=14d',
  '--workers',
  '1',
];
const TWO_WEEKS = { window: { length: '14d' } };
const lockBody = (pid: number, host = hostname()) =>
  JSON.stringify({ pid, host, command: 'idgraph generate', since: '2026-01-01T00:00:00.000Z' });
/** The pid of a process that has exited: a lock it left is stale. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;
const parquetFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.parquet'));

/** Issue 9, "one writer per output". */
describe('one writer per output', () => {
  const temps: string[] = [];
  const temp = () => {
    const dir = tempDir();
    temps.push(dir);
    return dir;
  };
  let dropA: string;
  let dropB: string;
  beforeAll(async () => {
    dropA = (await generateDrop({ households: 100, ...TWO_WEEKS }, { out: join(temp(), 'a') })).out;
    dropB = (await generateDrop({ households: 100, seed: 8, ...TWO_WEEKS }, { out: join(temp(), 'b') })).out;
  });
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  it('a second generate into a folder being written is refused, naming the holder', async () => {
    const out = join(temp(), 'out');
    const first = spawn(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), 'generate', '--out', out, '--households', '200000', '--workers', '1'],
      { stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) => first.on('exit', resolve));
    try {
      // Wait until the first writer holds its lock (taken before any file is written) or is writing or done.
      let ended = false;
      void exited.then(() => {
        ended = true;
      });
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (ended || existsSync(join(out, '.idgraph.lock')) || existsSync(join(out, 'households'))) {
            clearInterval(poll);
            resolve();
          }
        }, 50);
      });
      expect(ended).toBe(false);
      expect(existsSync(join(out, '.idgraph.lock'))).toBe(true);
      for (const extra of [[], ['--overwrite']]) {
        const second = cli(['generate', '--out', out, ...small, ...extra]);
        expect(second.code).toBe(2);
        expect(second.stderr).toContain(`is in use by idgraph generate (pid ${first.pid} on ${hostname()}`);
      }
    } finally {
      first.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    expect(existsSync(join(out, '.idgraph.lock'))).toBe(false);
  });

  it('a lock left by a dead process on this host is broken; one from another host is not', () => {
    const out = join(temp(), 'out');
    mkdirSync(out);
    writeFileSync(join(out, '.idgraph.lock'), lockBody(deadPid()));
    expect(cli(['generate', '--out', out, ...small]).code).toBe(0);
    expect(existsSync(join(out, '.idgraph.lock'))).toBe(false);

    const other = join(temp(), 'other');
    mkdirSync(other);
    writeFileSync(join(other, '.idgraph.lock'), lockBody(1, 'build-host-7'));
    const r = cli(['generate', '--out', other, ...small]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pid 1 on build-host-7');
    expect(r.stderr).toContain(`delete ${join(other, '.idgraph.lock')}`);
  });

  it('an upload into a local staging folder another upload holds is refused', () => {
    const staging = join(temp(), 'staging');
    mkdirSync(staging);
    writeFileSync(join(staging, '.idgraph.lock'), lockBody(process.pid));
    const r = cli(['upload', dropA, '--to', staging]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`staging location ${staging} is in use`);
    expect(parquetFiles(staging)).toEqual([]);
  });

  it('refuses to upload a drop into a folder holding another drop, unless --overwrite', () => {
    const staging = join(temp(), 'staging');
    expect(cli(['upload', dropA, '--to', staging]).code).toBe(0);
    // The same drop again is a harmless resume.
    expect(cli(['upload', dropA, '--to', staging]).code).toBe(0);
    const before = parquetFiles(staging).sort();
    const r = cli(['upload', dropB, '--to', staging]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds another drop \(_manifest\.json, config fingerprint [0-9a-f]+\)/);
    expect(parquetFiles(staging).sort()).toEqual(before);
    const o = cli(['upload', dropB, '--to', staging, '--overwrite']);
    expect(o.code).toBe(0);
    // Only drop B is left: its manifest, its files, nothing of A.
    expect(parquetFiles(staging).sort()).toEqual(
      readDrop(dropB)
        .files.map((f) => f.path)
        .sort(),
    );
    expect(readDrop(staging).fingerprint).toBe(readDrop(dropB).fingerprint);
    expect(existsSync(join(staging, '.idgraph.lock'))).toBe(false);
  });

  it('generate --to refuses a staging folder holding another drop, and leaves no temporary folder', () => {
    const staging = join(temp(), 'staging');
    expect(cli(['upload', dropA, '--to', staging]).code).toBe(0);
    // A TMPDIR of its own: other test files running beside this one stage through the shared one.
    const tmp = join(temp(), 'tmp');
    mkdirSync(tmp);
    const r = spawnSync(
      process.execPath,
      [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), 'generate', '--to', staging, ...small, '--seed', '5'],
      { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds another drop/);
    expect(readDrop(staging).fingerprint).toBe(readDrop(dropA).fingerprint);
    expect(readdirSync(tmp)).toEqual([]);
  });

  describe('on S3 (s3rver on loopback)', () => {
    let s3: S3Server;
    beforeAll(async () => {
      s3 = await startS3Server();
    });
    afterAll(async () => {
      await s3?.close();
    });
    const env = () =>
      isolatedAwsEnv({
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL: s3.endpoint,
      });
    const keys = async (prefix: string) =>
      ((await s3.client.send(new ListObjectsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/` }))).Contents ?? []).map(
        (o) => o.Key!.slice(prefix.length + 1),
      );

    it('refuses a prefix holding another drop unless --overwrite, and a prefix another writer holds', async () => {
      const to = `s3://${s3.bucket}/mix`;
      expect((await uploadCli(['upload', dropA, '--to', to], env())).code).toBe(0);
      const r = await uploadCli(['upload', dropB, '--to', to], env());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/holds another drop/);
      expect((await keys('mix')).filter((k) => k.endsWith('.parquet')).sort()).toEqual(
        readDrop(dropA)
          .files.map((f) => f.path)
          .sort(),
      );
      const over = await uploadCli(['upload', dropB, '--to', to, '--overwrite'], env());
      expect(over.code, over.stderr).toBe(0);
      expect((await keys('mix')).sort()).toEqual(
        ['_manifest.json', ...readDrop(dropB).files.map((f) => f.path)].sort(),
      );

      // A lock object held by a live writer refuses a second one.
      await s3.client.send(
        new PutObjectCommand({ Bucket: s3.bucket, Key: 'mix/.idgraph.lock', Body: lockBody(process.pid) }),
      );
      const held = await uploadCli(['upload', dropB, '--to', to], env());
      expect(held.code).toBe(2);
      expect(held.stderr).toContain(`is in use by idgraph generate (pid ${process.pid}`);
    });
  });

  describe('on a store that ignores If-None-Match (as s3rver does)', () => {
    /**
     * An in-memory store whose "exclusive" create always writes (last writer wins) and whose every
     * call yields first, so two writers started together interleave step by step: both look (no
     * lock), both put, then each reads its lock back.
     */
    const careless = (): StagingSink => {
      const objects = new Map<string, string>();
      const step = () => new Promise<void>((r) => setImmediate(r));
      return {
        driver: 'careless',
        describe: () => 'careless://bucket/prefix',
        stat: async () => undefined,
        put: async () => {},
        list: async (prefix) => {
          await step();
          return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        },
        readText: async (key) => {
          await step();
          return objects.get(key);
        },
        createExclusive: async (key, body) => {
          await step();
          objects.set(key, body);
          return true;
        },
        remove: async (key) => {
          await step();
          objects.delete(key);
        },
        close: async () => {},
      };
    };

    it('two writers racing for one prefix: exactly one gets the lock, the other is refused naming it', async () => {
      const sink = careless();
      const outcomes = await Promise.allSettled([
        lockStaging(sink, 'idgraph upload (writer A)'),
        lockStaging(sink, 'idgraph upload (writer B)'),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason.message)).toMatch(/is in use by idgraph upload \(writer [AB]\)/);
    });

    it('a shard lock and the whole-prefix lock exclude each other while both holders live', async () => {
      const sink = careless();
      const shard = await lockStaging(sink, 'idgraph generate --shard 1/4', '.idgraph-shard-1-of-4.lock');
      await expect(lockStaging(sink, 'idgraph seal')).rejects.toThrow(/is in use by idgraph generate --shard 1\/4/);
      // The refused seal left no lock of its own behind: once the shard is done, seal proceeds.
      await shard.release();
      const seal = await lockStaging(sink, 'idgraph seal');
      await expect(lockStaging(sink, 'idgraph generate --shard 2/4', '.idgraph-shard-2-of-4.lock')).rejects.toThrow(
        /is in use by idgraph seal/,
      );
      await seal.release();
      expect(await sink.list('')).toEqual([]);
    });
  });
});
