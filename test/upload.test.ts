import { GetObjectCommand, HeadObjectCommand, ListObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDrop } from '../src/drop/read-drop.js';
import { UserError } from '../src/errors.js';
import { sha256File } from '../src/sinks/hash-file.js';
import { openSink, type StagingSink } from '../src/sinks/sink.js';
import { stageWhileGenerating } from '../src/sinks/stage-stream.js';
import { uploadDrop } from '../src/sinks/upload-drop.js';
import { fileHashes, generateDrop, tempDir } from './helpers/drops.js';
import { startFaultProxy } from './helpers/fault-proxy.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { SHARED_DROPS, sharedDrop } from './helpers/shared-drops.js';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from './helpers/s3-server.js';

let s3: S3Server;
let drop: string;
/**
 * Every file of the drop (data files and manifest), relative path → bytes; not `_state/`, the
 * base paths saved for the next increment, which stay local (`--continue` reads a local drop).
 */
let local: Map<string, Buffer>;
const uploaded = (hashes: Record<string, string>) =>
  Object.fromEntries(Object.entries(hashes).filter(([k]) => !k.startsWith('_state')));
const MANIFEST = '_manifest.json';

beforeAll(async () => {
  s3 = await startS3Server();
  drop = await sharedDrop('small');
  local = new Map(
    Object.keys(uploaded(fileHashes(drop))).map((k) => [k.split('\\').join('/'), readFileSync(join(drop, k))]),
  );
});
afterAll(async () => {
  await s3?.close();
});

const openS3 = (prefix: string, endpoint = s3.endpoint, s3Options: Record<string, unknown> = {}) =>
  openSink(`s3://${s3.bucket}/${prefix}`, { endpoint, s3: { credentials: S3RVER_CREDENTIALS, ...s3Options } });

async function withSink<T>(sink: Promise<StagingSink>, use: (s: StagingSink) => Promise<T>): Promise<T> {
  const s = await sink;
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

/** Every object under a prefix, read back with GetObject straight from the server (no proxy). */
async function readBack(prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  // ListObjects v1: s3rver cannot mint v2 continuation tokens on OpenSSL 3.
  let marker: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsCommand({ Bucket: s3.bucket, Prefix: `${prefix}/`, Marker: marker }),
    );
    for (const o of page.Contents ?? []) {
      const got = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: o.Key! }));
      out.set(o.Key!.slice(prefix.length + 1), Buffer.from(await got.Body!.transformToByteArray()));
    }
    marker = page.IsTruncated ? page.Contents!.at(-1)!.Key : undefined;
  } while (marker);
  return out;
}

/** The staged objects are exactly the local files (no missing, extra or duplicate keys), byte for byte. */
async function expectStagedExactly(prefix: string): Promise<void> {
  const remote = await readBack(prefix);
  expect([...remote.keys()].sort()).toEqual([...local.keys()].sort());
  for (const [key, bytes] of local) expect(remote.get(key)!.equals(bytes), key).toBe(true);
}

describe('upload to S3 (s3rver on loopback)', () => {
  it('stages every file under the prefix, mirroring the drop, and reads back byte for byte; a rerun sends nothing', async () => {
    const files = readDrop(drop).files;
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.path.includes('/event_date='))).toBe(true);

    const first = await withSink(openS3('runs/run-1'), (sink) => uploadDrop(drop, sink, { concurrency: 4 }));
    expect(first).toMatchObject({
      files: files.length,
      uploaded: files.length,
      skipped: 0,
      manifests: [MANIFEST],
      manifestsUploaded: 1,
    });
    expect(first.bytes).toBe(files.reduce((a, f) => a + f.bytes, 0));
    expect(first.target).toBe(`s3://${s3.bucket}/runs/run-1/ (endpoint ${s3.endpoint})`);
    await expectStagedExactly('runs/run-1');

    const head = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `runs/run-1/${files[0].path}` }));
    expect(head.Metadata?.sha256).toBe(files[0].sha256);

    const again = await withSink(openS3('runs/run-1'), (sink) => uploadDrop(drop, sink));
    expect(again).toMatchObject({ uploaded: 0, skipped: files.length, bytes: 0, manifestsUploaded: 0 });
  });

  it('loses and duplicates nothing through a flaky store: 20 % 503, dropped connections before and after the server', async () => {
    const proxy = await startFaultProxy(s3.port, { error503: 0.2, dropBefore: 0.04, dropAfter: 0.04, seed: 11 });
    try {
      const result = await withSink(openS3('flaky', proxy.endpoint), (sink) =>
        uploadDrop(drop, sink, { concurrency: 4 }),
      );
      expect(result.uploaded).toBe(readDrop(drop).files.length);
      const faults = (kind: string) => proxy.log.filter((r) => r.fault === kind).length;
      expect(faults('503')).toBeGreaterThan(10);
      expect(faults('drop-before')).toBeGreaterThan(0);
      expect(faults('drop-after')).toBeGreaterThan(0);
      await expectStagedExactly('flaky');
    } finally {
      await proxy.close();
    }
  });

  it('sends large files multipart, through the same faults, and verifies them', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.bin');
    const bytes = randomBytes(13 * 1024 * 1024);
    writeFileSync(path, bytes);
    const sha256 = await sha256File(path);
    const proxy = await startFaultProxy(s3.port, { error503: 0.2, dropBefore: 0.05, dropAfter: 0.05, seed: 5 });
    try {
      const seen: number[] = [];
      await withSink(
        openS3('multipart', proxy.endpoint, { partSize: 5 * 1024 * 1024, multipartThreshold: 5 * 1024 * 1024 }),
        (sink) => sink.put('big/big.bin', path, { sha256, size: bytes.length, onProgress: (n) => seen.push(n) }),
      );
      expect(proxy.log.some((r) => r.method === 'POST' && r.path.includes('uploads'))).toBe(true);
      expect(
        proxy.log.filter((r) => r.method === 'PUT' && r.path.includes('partNumber=')).length,
      ).toBeGreaterThanOrEqual(3);
      expect(seen.at(-1)).toBe(bytes.length);
      const staged = await readBack('multipart');
      expect([...staged.keys()]).toEqual(['big/big.bin']);
      expect(staged.get('big/big.bin')!.equals(bytes)).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('resumes an interrupted upload: only the missing files are sent, and the manifest appears only at the end', async () => {
    const files = readDrop(drop).files;
    const proxy = await startFaultProxy(s3.port); // no faults: it records the requests
    try {
      const abort = new AbortController();
      let done = 0;
      const interrupted = withSink(openS3('resume', proxy.endpoint), (sink) =>
        uploadDrop(drop, sink, {
          concurrency: 3,
          signal: abort.signal,
          onUploaded: () => {
            if (++done === 8) abort.abort();
          },
        }),
      );
      await expect(interrupted).rejects.toMatchObject({ name: 'CancelledError', exitCode: 130 });

      const afterKill = await readBack('resume');
      expect(afterKill.has(MANIFEST)).toBe(false);
      const complete = files.filter((f) => afterKill.get(f.path)?.equals(local.get(f.path)!)).map((f) => f.path);
      expect(complete.length).toBeGreaterThanOrEqual(8);
      expect(complete.length).toBeLessThan(files.length);

      const before = proxy.log.length;
      const sent: string[] = [];
      const resumed = await withSink(openS3('resume', proxy.endpoint), (sink) =>
        uploadDrop(drop, sink, { concurrency: 3, onUploaded: (k) => sent.push(k) }),
      );
      // A PUT aborted after its body went out can still land on the server a moment after the
      // read-back above (seen on Node 24): such a file is rightly skipped, so `complete` is a floor.
      const missing = files.map((f) => f.path).filter((p) => !complete.includes(p));
      expect(resumed).toMatchObject({ uploaded: files.length - resumed.skipped, manifestsUploaded: 1 });
      expect(resumed.skipped).toBeGreaterThanOrEqual(complete.length);
      expect(resumed.skipped - complete.length).toBeLessThanOrEqual(3); // at most the 3 in flight
      expect(sent.slice(0, -1).every((k) => missing.includes(k))).toBe(true);
      expect(sent).toHaveLength(resumed.uploaded + 1);
      expect(sent.at(-1)).toBe(MANIFEST);

      // On the wire: the manifest PUT comes after every data PUT (and their verifying HEADs); the lock object aside.
      const puts = proxy.log.slice(before).filter((r) => r.method === 'PUT' && !r.path.includes('.idgraph.lock'));
      expect(puts.at(-1)!.path).toContain(MANIFEST);
      expect(puts.filter((r) => r.path.includes(MANIFEST))).toHaveLength(1);
      expect(puts).toHaveLength(resumed.uploaded + 1);
      await expectStagedExactly('resume');
    } finally {
      await proxy.close();
    }
  });

  it('sends again an object whose size or checksum differs from the manifest', async () => {
    const files = readDrop(drop).files;
    await withSink(openS3('stale'), (sink) => uploadDrop(drop, sink));
    const victim = files[3];
    // Same size, other bytes, no checksum metadata: a half-finished foreign copy.
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: `stale/${victim.path}`, Body: randomBytes(victim.bytes) }),
    );
    const sent: string[] = [];
    const result = await withSink(openS3('stale'), (sink) =>
      uploadDrop(drop, sink, { onUploaded: (k) => sent.push(k) }),
    );
    expect(result).toMatchObject({ uploaded: 1, skipped: files.length - 1, manifestsUploaded: 0 });
    expect(sent).toEqual([victim.path]);
    await expectStagedExactly('stale');
  });

  it('refuses a local file that differs from its manifest, and stages nothing under its name', async () => {
    const copy = tempDir();
    cpSync(drop, copy, { recursive: true });
    const victim = readDrop(copy).files[0];
    const bytes = readFileSync(join(copy, victim.path));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(copy, victim.path), bytes);
    const err = await withSink(openS3('damaged'), (sink) => uploadDrop(copy, sink)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^\[s3\] .*does not match the manifest/);
    const staged = await readBack('damaged');
    expect(staged.has(victim.path)).toBe(false);
    expect(staged.has(MANIFEST)).toBe(false);
  });
});

describe('staging while generating (generate --to)', () => {
  it('streams each file as it is committed, removes it locally, and stages the manifest last', async () => {
    const out = join(tempDir(), 'out');
    const order: string[] = [];
    await withSink(openS3('streamed'), async (sink) => {
      const stream = stageWhileGenerating(sink, out, { concurrency: 3, onUploaded: (k) => order.push(k) });
      const { result } = await generateDrop(SHARED_DROPS.small, { out, onFile: stream.onFile });
      const counts = await stream.finish(result.manifestName);
      expect(counts.uploaded).toBe(result.manifest.files.length);
    });
    // Same seed and config as the drop above: the same bytes, now only in staging.
    await expectStagedExactly('streamed');
    expect(order.at(-1)).toBe(MANIFEST);
    expect(order.filter((k) => k === MANIFEST)).toHaveLength(1);
    // Locally: the manifest, and the base paths saved for the next increment (never staged).
    const kept = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(kept.filter((e) => !e.parentPath.endsWith('_state')).map((e) => e.name)).toEqual([MANIFEST]);
    expect(kept.some((e) => e.parentPath.endsWith('_state'))).toBe(true);
  });
});

describe('upload to a local directory', () => {
  it('copies the drop byte for byte, then skips everything on a rerun', async () => {
    const target = join(tempDir(), 'staging', 'run-1');
    const first = await withSink(openSink(target), (sink) => uploadDrop(drop, sink));
    expect(first.uploaded).toBe(readDrop(drop).files.length);
    expect(fileHashes(target)).toEqual(uploaded(fileHashes(drop)));
    const again = await withSink(openSink(target), (sink) => uploadDrop(drop, sink));
    expect(again).toMatchObject({ uploaded: 0, manifestsUploaded: 0 });
  });
});

describe('idgraph upload (CLI)', () => {
  const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
  const env = (extra: Record<string, string> = {}) =>
    isolatedAwsEnv({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', ...extra });

  /** One message on stderr, `idgraph: …` then `fix: …`, exit 2, nothing on stdout. */
  function expectUserError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^idgraph: .*\n {2}fix: .*\n$/);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr + r.stdout).not.toContain(SECRET);
  }

  it('uploads with --endpoint and prints a JSON summary', async () => {
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/cli/run-1`, '--endpoint', s3.endpoint, '--json'],
      env(),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      uploaded: readDrop(drop).files.length,
      skipped: 0,
      manifestsUploaded: 1,
    });
    const again = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/cli/run-1`],
      env({ AWS_ENDPOINT_URL: s3.endpoint }),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/uploaded 0 of \d+ files/);
    expect(again.stdout).toContain('already staged');
  });

  it('generate --to streams a drop to S3 identical to the local one, keeping nothing locally', async () => {
    const r = await uploadCli(
      [
        'generate',
        '--households',
        '600',
        '--seed',
        '7',
        '--set',
        'output.chunkHouseholds=64',
        '--set',
        'output.targetFileMB=1',
        '--set',
        `window.length=${SHARED_DROPS.small.window.length}`,
        '--to',
        `s3://${s3.bucket}/gen-cli`,
        '--endpoint',
        s3.endpoint,
        '--json',
      ],
      env(),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    await expectStagedExactly('gen-cli');
  });

  it('names the supported targets for an unknown scheme', async () => {
    for (const to of ['gs://bucket/x', 'ftp://host/x']) {
      expectUserError(
        await uploadCli(['upload', drop, '--to', to], env()),
        new RegExp(`${to.split(':')[0]}:// scheme is not supported(.|\\n)*s3://<bucket>/<prefix>, /Volumes/`),
      );
    }
  });

  it('names the missing Databricks settings for a Unity Catalog volume target', async () => {
    const r = await uploadCli(['upload', drop, '--to', '/Volumes/main/default/staging/run-1'], {
      ...env(),
      DATABRICKS_CONFIG_FILE: '/nonexistent',
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^idgraph: missing Databricks connection settings: workspace host, SQL warehouse HTTP path, credentials/,
    );
    expect(r.stderr).toContain('DATABRICKS_TOKEN');
  });

  it('names a missing bucket', async () => {
    expectUserError(
      await uploadCli(['upload', drop, '--to', 's3://no-such-bucket/x', '--endpoint', s3.endpoint], env()),
      /\[s3\] bucket 'no-such-bucket' does not exist/,
    );
  });

  it('names the credential variables when the access key is unknown, without printing the secret', async () => {
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/x`, '--endpoint', s3.endpoint],
      env({ AWS_ACCESS_KEY_ID: 'AKIANOTKNOWN', AWS_SECRET_ACCESS_KEY: SECRET }),
    );
    expectUserError(
      r,
      /\[s3\] the access key id is not known(.|\n)*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY(.|\n)*AWS_PROFILE/,
    );
  });

  it('says so when no credentials are found', async () => {
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/x`, '--endpoint', s3.endpoint],
      isolatedAwsEnv({}),
    );
    expectUserError(r, /\[s3\] no AWS credentials found(.|\n)*AWS_ACCESS_KEY_ID/);
  });

  it('reports expired session credentials and a missing s3:PutObject grant', async () => {
    const proxy = await startFaultProxy(s3.port);
    try {
      proxy.plan.respond = () => ({ status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' });
      const expired = await uploadCli(
        ['upload', drop, '--to', `s3://${s3.bucket}/x`, '--endpoint', proxy.endpoint],
        env({ AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLETOKEN', AWS_SECRET_ACCESS_KEY: SECRET }),
      );
      expectUserError(expired, /\[s3\] the AWS session credentials have expired(.|\n)*AWS_SESSION_TOKEN/);
      expect(expired.stderr).not.toContain('FwoGZXIvYXdzEXAMPLETOKEN');

      proxy.plan.respond = (req) =>
        req.method === 'PUT' ? { status: 403, code: 'AccessDenied', message: 'Access Denied' } : undefined;
      const denied = await uploadCli(
        ['upload', drop, '--to', `s3://${s3.bucket}/readonly/run-1`, '--endpoint', proxy.endpoint],
        env(),
      );
      expectUserError(denied, new RegExp(`\\[s3\\] access denied to s3://${s3.bucket}/readonly/run-1/.*s3:PutObject`));
      expect(await readBack('readonly')).toEqual(new Map());
    } finally {
      await proxy.close();
    }
  });

  it('reports an unreachable endpoint after its retries', async () => {
    // A port that was free a moment ago: connections are refused.
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const r = await uploadCli(
      ['upload', drop, '--to', `s3://${s3.bucket}/x`, '--endpoint', `http://127.0.0.1:${port}`],
      env({ AWS_MAX_ATTEMPTS: '2' }),
    );
    expectUserError(
      r,
      new RegExp(
        `\\[s3\\] cannot reach http://127.0.0.1:${port} \\(ECONNREFUSED after 2 attempts\\)(.|\\n)*--endpoint`,
      ),
    );
  });

  it('rejects a bad --concurrency', async () => {
    expectUserError(
      await uploadCli(['upload', drop, '--to', tempDir(), '--concurrency', '0'], env()),
      /--concurrency must be a whole number/,
    );
  });
});
