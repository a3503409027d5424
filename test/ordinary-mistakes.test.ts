import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuck } from '../src/sql/duckdb-connection.js';
import { cli } from './helpers/cli.js';
import { cliInProcess } from './helpers/cli-in-process.js';
import { tempDir } from './helpers/drops.js';
import { sharedDrop } from './helpers/shared-drops.js';

const small = ['--households', '60', '--set', 'output.chunkHouseholds=64', '--workers', '1'];
const isRoot = process.getuid?.() === 0;
// Refusals stop before any work: they run the CLI's entry point in process (cli-in-process.ts);
// what generates or prints large results runs the binary.

/** One message on stderr, `idgraph: …` then `fix: …`, exit 2, never an internal error. */
function expectUserError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.stderr).not.toContain('internal error');
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^idgraph: .*\n {2}fix: .*\n$/);
  expect(r.stderr).toMatch(pattern);
}

describe('file-system mistakes are exit 2 with the path and the fix', () => {
  it('an --out where the file system refuses new folders (/sys)', async () => {
    const out = '/sys/idgraph-test-out';
    expectUserError(
      await cliInProcess(['generate', '--out', out, ...small]),
      /cannot create the output directory \/sys\/idgraph-test-out: .*\((EACCES|EPERM|EROFS)\)\n.*--out/,
    );
    expect(existsSync(out)).toBe(false);
  });

  // Root may write anywhere, so a read-only folder only refuses an ordinary user.
  it.skipIf(isRoot)('an --out inside a folder without write permission (EACCES)', async () => {
    const parent = join(tempDir(), 'locked');
    mkdirSync(parent);
    chmodSync(parent, 0o555);
    try {
      expectUserError(
        await cliInProcess(['generate', '--out', join(parent, 'out'), ...small]),
        /cannot create the output directory .*locked\/out: permission denied \(EACCES\)/,
      );
    } finally {
      chmodSync(parent, 0o755);
    }
  });

  it('an --out under /proc ends at once instead of spinning (mkdir -p never succeeds there)', async () => {
    expectUserError(
      await cliInProcess(['generate', '--out', '/proc/idgraph-test/out', ...small]),
      /cannot create the output directory \/proc\/idgraph-test\/out: .*\(ENOENT\)/,
    );
  });

  it('an --out whose parent is a file', async () => {
    expectUserError(
      await cliInProcess(['generate', '--out', join(process.execPath, 'out'), ...small]),
      /a part of the path is a file, not a directory \(ENOTDIR\)/,
    );
  });

  it('upload --to a local folder under /proc', async () => {
    const out = await sharedDrop('small');
    expectUserError(
      await cliInProcess(['upload', out, '--to', '/proc/idgraph-test/stage']),
      /\[local\] cannot write \/proc\/idgraph-test/,
    );
  });
});

describe('sql prints large results without overflowing', () => {
  const dir = tempDir();
  const db = join(dir, 'big.duckdb');
  const rows = 130_000;
  const query = `SELECT range AS n, range % 7 AS m FROM range(${rows})`;

  it('cuts a table at 40 rows by default and says how many were cut', async () => {
    const d = await openDuck(db);
    await d.run('CREATE TABLE t AS SELECT 1 AS x');
    d.close();
    const r = cli(['sql', '--db', db, query]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + 40 + 1);
    expect(lines[0]).toMatch(/^n\s+m$/);
    expect(lines[41]).toMatch(/^39\s+4$/);
    expect(lines.at(-1)).toBe(
      '(130,000 rows, 40 shown: 129,960 cut; --max-rows N to show more, 0 for all, or --format csv/json/jsonl)',
    );
  });

  it('prints every row with --max-rows 0, and JSON is never cut', () => {
    const all = cli(['sql', '--db', db, '--max-rows', '0', query]);
    expect(all.code, all.stderr).toBe(0);
    const lines = all.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + rows + 1);
    expect(lines.at(-2)).toMatch(/^129999\s+2$/);
    expect(lines.at(-1)).toBe('(130,000 rows)');
    const json = cli(['sql', '--db', db, '--json', query]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toHaveLength(rows);
  });

  it('refuses a bad --max-rows', async () => {
    expectUserError(
      await cliInProcess(['sql', '--db', db, '--max-rows', '-1', 'SELECT 1']),
      /--max-rows must be a whole number ≥ 0/,
    );
  });
});

describe('resource options have a ceiling', () => {
  it('refuses --workers beyond the machine, naming the range, and accepts the ceiling itself', async () => {
    const out = join(tempDir(), 'out');
    // With an invalid --shard as well: today's code got past --workers 1000 (and would have started
    // 1000 threads) before reporting the shard, so the ceiling is proven to be checked first.
    const r = await cliInProcess(['generate', '--out', out, ...small, '--workers', '1000', '--shard', '9/2']);
    expectUserError(
      r,
      /--workers 1000 is more than this machine can hold: at most (\d+) \(\d+ cores, \d+ MB of memory/,
    );
    expect(existsSync(out)).toBe(false);
    const max = Number(/at most (\d+)/.exec(r.stderr)![1]);
    expect(max).toBeGreaterThanOrEqual(1);
    expectUserError(
      await cliInProcess(['generate', '--out', out, ...small, '--workers', String(max + 1)]),
      new RegExp(`--workers ${max + 1} is more than this machine can hold: at most ${max} `),
    );
    const ok = cli([
      'generate',
      '--out',
      out,
      '--households',
      '60',
      '--set',
      'output.chunkHouseholds=64',
      '--set',
      'window.length=7d',
      '--workers',
      String(max),
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  it('refuses --concurrency beyond the machine for upload and generate --to', async () => {
    const out = await sharedDrop('small');
    const target = join(tempDir(), 'stage');
    const upload = await cliInProcess(['upload', out, '--to', target, '--concurrency', '100000']);
    expectUserError(upload, /--concurrency 100000 is more than this machine can hold: at most \d+/);
    const gen = await cliInProcess(['generate', ...small, '--to', target, '--concurrency', '100000', '--shard', '9/2']);
    expectUserError(gen, /--concurrency 100000 is more than this machine can hold/);
    expect(existsSync(target)).toBe(false);
  });
});
