import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { tempDir } from './helpers/drops.js';
import { sharedDrop } from './helpers/shared-drops.js';
import { isolatedAwsEnv, uploadCli } from './helpers/s3-cli.js';
import { type SilentServer, startSilentServer } from './helpers/silent-server.js';

let silent: SilentServer;
let drop: string;
beforeAll(async () => {
  silent = await startSilentServer();
  drop = await sharedDrop('small'); // read only: uploaded to servers that never answer
});
afterAll(async () => {
  await silent?.close();
});

const env = (extra: Record<string, string> = {}) =>
  isolatedAwsEnv({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', ...extra });
const upload = (extra: string[] = []) => [
  'upload',
  drop,
  '--to',
  's3://bucket/run-1',
  '--endpoint',
  silent.endpoint,
  ...extra,
];

/** Starts the real CLI; `stop()` sends SIGINT and resolves with the exit code and how long the exit took. */
function start(args: string[], childEnv: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  child.stdout.resume();
  const exited = new Promise<{ code: number | null; at: number }>((done) =>
    child.on('exit', (code) => done({ code, at: performance.now() })),
  );
  return {
    async stop() {
      const sent = performance.now();
      child.kill('SIGINT');
      const { code, at } = await exited;
      return { code, ms: at - sent, stderr };
    },
  };
}

/** Waits until the CLI started after `before` connections has a request pending (the bucket probe). */
async function connected(before: number): Promise<void> {
  while (silent.connections === before) await new Promise((r) => setTimeout(r, 20));
}

describe('an S3 endpoint that accepts connections and never answers', () => {
  it('upload gives up within its retry budget, says which bound ran out and how to raise it (exit 2)', async () => {
    const before = silent.connections;
    const started = performance.now();
    const r = await uploadCli(upload(['--request-timeout', '1', '--retry-budget', '3']), env());
    const seconds = (performance.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    // Progress while it waits: one line per retry of a timed-out request, then the error and its fix.
    expect(lines[0]).toMatch(
      /^idgraph: \[s3\] no answer in time; retrying \(attempt 2 of 8, 1 s of the 3 s retry budget used/,
    );
    expect(lines.at(-2)).toMatch(
      new RegExp(
        `^idgraph: \\[s3\\] ${silent.endpoint.replace(/[.]/g, '\\.')} sent no answer within the 1 s request timeout \\(2 attempts within the 3 s retry budget\\) while listing s3://bucket/run-1/$`,
      ),
    );
    expect(lines.at(-1)).toMatch(/^ {2}fix: .*--request-timeout \(IDGRAPH_S3_REQUEST_TIMEOUT\) or --retry-budget/);
    // Each attempt was a request the server saw; the budget bounds the whole run (process start included).
    expect(silent.connections - before).toBe(2);
    expect(seconds).toBeLessThan(3 + 5);
  });

  it('takes the bounds from IDGRAPH_S3_* when no flag is given', async () => {
    const r = await uploadCli(upload(), env({ IDGRAPH_S3_REQUEST_TIMEOUT: '0.5', IDGRAPH_S3_RETRY_BUDGET: '0.5' }));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /sent no answer within the 0\.5 s request timeout \(1 attempt within the 0\.5 s retry budget\)/,
    );
  });

  it('names a bad timeout, from a flag or a variable', async () => {
    const flag = await uploadCli(upload(['--connect-timeout', '0']), env());
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^idgraph: --connect-timeout must be a number of seconds above 0 and at most 86400 \(got '0'\)\n {2}fix: /,
    );
    const variable = await uploadCli(upload(), env({ IDGRAPH_S3_RETRY_BUDGET: 'soon' }));
    expect(variable.code).toBe(2);
    expect(variable.stderr).toMatch(/^idgraph: IDGRAPH_S3_RETRY_BUDGET must be a number of seconds/);
  });

  it('upload stops on Ctrl-C within a second while waiting for the answer (exit 130)', async () => {
    const before = silent.connections;
    const run = start(upload(), env());
    await connected(before);
    const { code, ms, stderr } = await run.stop();
    expect(stderr).toMatch(/^idgraph: interrupted/);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
  });

  it('generate --to stops on Ctrl-C within a second and leaves no staging folder in the temp dir', async () => {
    const tmp = tempDir();
    const before = silent.connections;
    const run = start(
      ['generate', '--households', '60', '--to', 's3://bucket/gen', '--endpoint', silent.endpoint],
      env({ TMPDIR: tmp }),
    );
    await connected(before);
    const { code, ms, stderr } = await run.stop();
    expect(stderr).toMatch(/^idgraph: interrupted/);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1000);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('generate --to leaves no staging folder after a failure either', async () => {
    const tmp = tempDir();
    const r = await uploadCli(
      [
        'generate',
        '--households',
        '60',
        '--to',
        's3://bucket/gen',
        '--endpoint',
        silent.endpoint,
        '--retry-budget',
        '0.5',
      ],
      env({ TMPDIR: tmp, IDGRAPH_S3_REQUEST_TIMEOUT: '0.5' }),
    );
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('sent no answer within the 0.5 s request timeout');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
