import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { fileHashes, tempDir } from './helpers/drops.js';
import type { Campaign } from '../src/gen/campaigns.js';
import type { BaseReplay } from '../src/gen/continue/base-paths.js';
import { PathStateReader, PathStateWriter } from '../src/gen/continue/path-state.js';

const ok = (r: { code: number | null; stderr: string; stdout: string }) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};
/** generate --json's count of base people whose paths were read from the parent's saved state, and replayed. */
const basePaths = (r: { stdout: string }): { read: number; replayed: number } => JSON.parse(r.stdout).basePaths;
const manifest = (drop: string) => JSON.parse(readFileSync(join(drop, '_manifest.json'), 'utf8'));

/**
 * Issue 13's cost: a drop saves its base people's campaign paths under `_state/` (one file per
 * chunk, src/gen/continue/path-state.ts), and the next increment reads them instead of replaying
 * the base's campaign activity. A cache: with it or without it (the replay), an increment is the
 * same bytes, its own `_state/` included, and a state file that does not match is not used.
 */
describe('the base paths a drop saves for its increments (_state/)', () => {
  const dir = tempDir();
  const base = join(dir, 'base');
  const gen = (...args: string[]) => ok(cli(['generate', '-w', '2', '--json', ...args]));
  /** A copy of `drop` without its `_state/`: continuing it replays the base. */
  const stripped = (drop: string) => {
    const copy = `${drop}-stripped`;
    cpSync(drop, copy, { recursive: true });
    rmSync(join(copy, '_state'), { recursive: true });
    return copy;
  };
  const chunks = Math.ceil(300 / 64);
  let inc1: ReturnType<typeof gen>;

  beforeAll(() => {
    // Many campaigns, so most people have paths reaching past the base; several chunks.
    gen('-n', '300', '-s', '11', '--set', 'campaigns.count=120', '--set', 'output.chunkHouseholds=64', '--out', base);
    inc1 = gen('--continue', base, '--days', '7', '--add-households', '30', '--out', join(dir, 'inc-1'));
  }, 300_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is saved per chunk beside the tables, outside the manifest', () => {
    expect(readdirSync(join(base, '_state')).sort()).toEqual(
      Array.from({ length: chunks }, (_, c) => `chunk-${String(c).padStart(6, '0')}.bin`),
    );
    expect(manifest(base).files.some((f: { path: string }) => f.path.includes('_state'))).toBe(false);
  });

  it('gives an increment the same bytes as replaying the base, over two increments', () => {
    const read = basePaths(inc1);
    // Every base person (2–3 a household) read, none replayed.
    expect(read.read).toBeGreaterThan(300);
    expect(read.replayed).toBe(0);
    const replayed = gen(
      '--continue',
      stripped(base),
      '--days',
      '7',
      '--add-households',
      '30',
      '--out',
      join(dir, 'r-1'),
    );
    expect(basePaths(replayed)).toEqual({ read: 0, replayed: read.read });
    expect(fileHashes(join(dir, 'r-1'))).toEqual(fileHashes(join(dir, 'inc-1')));
    // The increment saves them again for the next one, which reads them: the same bytes as replaying.
    const inc2 = gen('--continue', join(dir, 'inc-1'), '--days', '7', '--out', join(dir, 'inc-2'));
    expect(basePaths(inc2)).toEqual({ read: read.read, replayed: 0 });
    const r2 = gen('--continue', stripped(join(dir, 'inc-1')), '--days', '7', '--out', join(dir, 'r-2'));
    expect(basePaths(r2)).toEqual({ read: 0, replayed: read.read });
    expect(fileHashes(join(dir, 'r-2'))).toEqual(fileHashes(join(dir, 'inc-2')));
  });

  it('is not used when it does not match: a damaged file, or one of another drop', () => {
    const damaged = join(dir, 'damaged');
    cpSync(base, damaged, { recursive: true });
    const file = join(damaged, '_state', 'chunk-000001.bin');
    const bytes = readFileSync(file);
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(file, bytes);
    // Chunk 0 of another drop (another seed) in place of this drop's chunk 0.
    const other = join(dir, 'other');
    gen('-n', '64', '-s', '12', '--set', 'campaigns.count=120', '--set', 'output.chunkHouseholds=64', '--out', other);
    cpSync(join(other, '_state', 'chunk-000000.bin'), join(damaged, '_state', 'chunk-000000.bin'));
    const r = gen('--continue', damaged, '--days', '7', '--add-households', '30', '--out', join(dir, 'd-1'));
    const { read, replayed } = basePaths(r);
    // Chunks 0 and 1 replayed (64 households each), the others read.
    expect(replayed).toBeGreaterThan(2 * 64);
    expect(read).toBeGreaterThan(0);
    expect(read + replayed).toBe(basePaths(inc1).read);
    expect(fileHashes(join(dir, 'd-1'))).toEqual(fileHashes(join(dir, 'inc-1')));
  });

  it('goes with --overwrite, and is not saved without the campaign tables', () => {
    const out = join(dir, 'core');
    gen('-n', '64', '-s', '11', '--set', 'output.tables=core', '--out', out);
    expect(readdirSync(out)).not.toContain('_state');
    gen('-n', '64', '-s', '11', '--out', out, '--overwrite');
    expect(readdirSync(out)).toContain('_state');
    gen('-n', '64', '-s', '11', '--set', 'output.tables=core', '--out', out, '--overwrite');
    expect(readdirSync(out)).not.toContain('_state');
  });
});

describe('a saved record (path-state.ts)', () => {
  const span = 2 ** 16;
  const origin = 1_751_500_800_000_000;
  const campaign = (id: number) => ({ id, channels: [0, 2] }) as unknown as Campaign;
  const [c1, c9] = [campaign(1), campaign(9)];
  const record = (personId: number): BaseReplay => {
    const at = (k: number) => personId * span + k;
    const touch = { id: at(3), type: 1, micros: origin + 5_000_000_123, valueCents: -1 };
    return {
      audience: { primarySegment: 4, segments: [4, 0, 7], propensity: 0.3141592653589793, classification: 3 },
      reached: new Set([1, 9]),
      noAction: new Map([[touch.id, true]]),
      paths: [
        {
          c: c1,
          touches: [touch, { id: at(4), type: 3, micros: origin + 6e9, valueCents: 12_345 }],
          late: [
            { e: { id: at(2), micros: origin + 1e9, channel: 2 }, type: 3, micros: origin + 9e12, followUp: true },
          ],
          ahead: [
            { e: { id: at(40), micros: origin + 8e12, channel: -1 }, weights: [0.5, 1 / 3] },
            { e: { id: at(41), micros: origin + 8.5e12, channel: -1 }, weights: [0.5, 1 / 3] },
          ],
        },
        {
          c: c9,
          touches: [],
          late: [],
          ahead: [{ e: { id: at(50), micros: origin + 9e12, channel: -1 }, weights: [0.5, 1 / 3] }],
        },
      ],
    };
  };

  it('reads back what was written, with only the campaigns the increment replays', () => {
    const w = new PathStateWriter(span, origin);
    w.record(2_000_017, record(2_000_017));
    w.record(2_000_033, record(2_000_033));
    const r = new PathStateReader(w.finish(), [c1]);
    // No record for a person before the first: the caller replays them.
    expect(r.take(2_000_016)).toBeUndefined();
    const a = r.take(2_000_017)!;
    const want = record(2_000_017);
    expect(a.audience).toEqual(want.audience);
    expect(a.paths).toEqual([want.paths[0]]);
    expect(a.reached).toEqual(new Set([1]));
    expect(a.noAction).toEqual(want.noAction);
    // A person between two records has none; the next record is still found.
    expect(r.take(2_000_018)).toBeUndefined();
    expect(r.take(2_000_033)!.paths).toEqual([record(2_000_033).paths[0]]);
    expect(r.take(2_000_034)).toBeUndefined();
  });

  it('refuses a value it would write wrong, and a body cut short', () => {
    const w = new PathStateWriter(span, origin);
    const bad = record(5);
    bad.paths[0].touches[0].micros += 0.5;
    expect(() => w.record(5, bad)).toThrow(/not an integer/);
    const whole = new PathStateWriter(span, origin);
    whole.record(5, record(5));
    const body = whole.finish();
    expect(() => new PathStateReader(body.subarray(0, body.length - 3), [c1]).take(5)).toThrow(/ends inside a record/);
  });
});
