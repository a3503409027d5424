import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { tempDir } from './helpers/drops.js';

/** The real CLI with stderr a pipe (not a terminal), as in CI logs, and IDGRAPH_PROGRESS as given. */
function cli(args: string[], progress: string | undefined) {
  const env = { ...process.env };
  if (progress === undefined) delete env.IDGRAPH_PROGRESS;
  else env.IDGRAPH_PROGRESS = progress;
  const r = spawnSync(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    encoding: 'utf8',
    env,
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `idgraph: [stage] done of total unit (pct%)` lines, as numbers. */
function updates(stderr: string, stage: string): { done: number; total: number }[] {
  const re = new RegExp(`^idgraph: \\[${stage}\\] ([\\d,.]+ ?[KMG]?B?) of ([\\d,.]+ ?[KMG]?B?)`, 'gm');
  return [...stderr.matchAll(re)].map((m) => ({
    done: Number.parseFloat(m[1].replaceAll(',', '')),
    total: Number.parseFloat(m[2].replaceAll(',', '')),
  }));
}

function expectSteady(list: { done: number; total: number }[], more: number) {
  expect(list.length).toBeGreaterThan(more);
  for (let i = 1; i < list.length; i++) expect(list[i].done).toBeGreaterThanOrEqual(list[i - 1].done);
  expect(list.at(-1)!.done).toBe(list.at(-1)!.total);
}

// The core tables only: generation is quick, and the household count is what progress counts.
const dir = tempDir();
const out = join(dir, 'out');
const db = join(dir, 'g.duckdb');
let generated: ReturnType<typeof cli>;

beforeAll(() => {
  generated = cli(['generate', '-n', '20000', '--set', 'output.tables=core', '-w', '2', '--out', out], '0');
});

describe('progress when stderr is not a terminal: plain lines', () => {
  it('generate: a 20,000-household run shows more than five updates, steadily up to 20,000', () => {
    expect(generated.code, generated.stderr).toBe(0);
    const list = updates(generated.stderr, 'generate');
    // 20,000 households are five 4,096-household chunks: more than five updates means finer than chunks.
    expectSteady(list, 5);
    expect(list.at(-1)).toEqual({ done: 20000, total: 20000 });
    // Nothing but progress on stderr; the summary is on stdout.
    expect(
      generated.stderr
        .trimEnd()
        .split('\n')
        .every((l) => l.startsWith('idgraph: [generate] ')),
    ).toBe(true);
    expect(generated.stdout).toMatch(/rows in \d+ files/);
  });

  it('load, validate and upload report progress too', () => {
    const load = cli(['load', out, '--db', db], '0');
    expect(load.code, load.stderr).toBe(0);
    expectSteady(updates(load.stderr, 'load'), 5);
    const validate = cli(['validate', '--db', db], '0');
    expect(validate.code, validate.stderr).toBe(0);
    expectSteady(updates(validate.stderr, 'validate'), 5);
    const drop = cli(['validate', out], '0');
    expect(drop.code, drop.stderr).toBe(0);
    expectSteady(updates(drop.stderr, 'validate'), 5);
    const upload = cli(['upload', out, '--to', join(dir, 'staged')], '0');
    expect(upload.code, upload.stderr).toBe(0);
    const list = updates(upload.stderr, 'upload');
    expect(list.length).toBeGreaterThan(1);
    expect(upload.stderr.trimEnd().split('\n').at(-1)).toMatch(/of (\d+) files \(100%\)$/);
  });

  it('by default prints the start and the end, not every update; off silences it; a bad value is exit 2', () => {
    const load = cli(['load', out, '--db', join(dir, 'default.duckdb')], undefined);
    expect(load.code, load.stderr).toBe(0);
    const lines = updates(load.stderr, 'load');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThan(10);
    expect(lines[0].done).toBe(1);
    expect(lines.at(-1)).toEqual({ done: 10, total: 10 });
    const quiet = cli(['validate', '--db', db], 'off');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    const bad = cli(['validate', '--db', db], 'often');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /^idgraph: IDGRAPH_PROGRESS must be off or a number of seconds ≥ 0 \(got 'often'\)\n {2}fix: /,
    );
  });
});
