import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { tempDir } from './helpers/drops.js';
import { duck, tableGlob } from './helpers/duckdb.js';

const ok = (r: { code: number | null; stderr: string }) => expect(r.code, r.stderr).toBe(0);
const manifest = (drop: string) => JSON.parse(readFileSync(join(drop, '_manifest.json'), 'utf8'));

/**
 * A short base window: campaigns.count is per window, so a 1-day base carries in count × (mean
 * flight − 1) ÷ 1 ≈ 1,900 campaigns running on its day (src/gen/campaigns.ts). Its exposure and
 * response numbers do not fit a person's 2^16 (they once made the first increment fail with exit 2);
 * such a lineage numbers them in 2^20 (src/gen/continue/path-ids.ts). Checked through the real CLI,
 * read back by DuckDB, loaded and validated as a whole.
 */
describe('a 1-day base and its increments', () => {
  const dir = tempDir();
  const base = join(dir, 'base');
  const inc1 = join(dir, 'inc-1');
  const inc2 = join(dir, 'inc-2');
  const dbFile = join(dir, 'graph.duckdb');
  const gen = (...args: string[]) => cli(['generate', '-w', '2', ...args]);

  beforeAll(() => {
    ok(gen('-n', '60', '-s', '2', '--set', 'window.length=1d', '--out', base));
    ok(gen('--continue', base, '--days', '7', '--out', inc1));
    ok(gen('--continue', inc1, '--days', '7', '--add-households', '10', '--out', inc2));
  }, 600_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('numbers exposures and responses individual_id·2^20 + number, past 2^16, with no key twice', async () => {
    // 40 started + round(40 × 47.5) carried in.
    expect(manifest(base).lineage.highWater.campaigns).toBe(1940);
    const db = await duck();
    try {
      // Exposures of the increments' own campaigns are numbered past 12 × 1,940; late responses to the
      // base's exposures down from 2^20 − 1.
      for (const [table, key, above] of [
        ['campaign_exposures', 'exposure_id', 12 * 1940],
        ['response_events', 'response_id', 65_535],
      ] as const) {
        const all = [base, inc1, inc2].map((d) => `SELECT ${key} k, individual_id p FROM ${tableGlob(d, table)}`);
        const row = (
          await db.rows(
            `SELECT count(*)::INT n, count(DISTINCT k)::INT keys, count(*) FILTER (WHERE k // 1048576 <> p)::INT stray,
                    max(k - p * 1048576)::INT top FROM (${all.join(' UNION ALL ')})`,
          )
        )[0] as { n: number; keys: number; stray: number; top: number };
        expect(row.n, table).toBeGreaterThan(0);
        expect(row.keys, table).toBe(row.n);
        expect(row.stray, table).toBe(0);
        expect(row.top, table).toBeGreaterThan(above);
      }
      // The increments deliver exposures and responses of the campaigns the base carried in and started.
      expect(await db.value(`SELECT count(*) FROM ${tableGlob(inc1, 'campaign_exposures')}`)).toBeGreaterThan(0);
      expect(await db.value(`SELECT count(*) FROM ${tableGlob(inc2, 'response_events')}`)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('loads base + 2 increments into DuckDB and passes validate --db', () => {
    for (const d of [base, inc1, inc2]) ok(cli(['load', d, '--db', dbFile]));
    const r = cli(['validate', '--db', dbFile, '--json']);
    const failed = (JSON.parse(r.stdout).results as { id: string; status: string }[]).filter(
      (x) => x.status === 'failed',
    );
    expect(failed.map((f) => f.id)).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('id room refusals', () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses, at base generation and before writing anything, a base no increment could follow (exit 2)', () => {
    const out = join(dir, 'huge');
    const r = cli(['generate', '-n', '5', '--set', 'campaigns.count=20000', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/campaigns.count 20000 over a 90-day window makes 30556 campaigns/);
    expect(r.stderr).toMatch(/fix: use a longer window \(window.length\), a lower campaigns.count/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an increment that would run out of 2^20 numbers (exit 2)', () => {
    // 114 campaigns carry in 60: 1000 × (3 × 174 + 1) fits 2^20's room; a 90-day increment's 114 more do not.
    const out = join(dir, 'wide');
    ok(
      cli([
        'generate',
        '-n',
        '3',
        '--set',
        'campaigns.count=114',
        '--set',
        'campaigns.frequencyCap=1000',
        '--out',
        out,
      ]),
    );
    const r = cli(['generate', '--continue', out, '--days', '90', '--out', join(dir, 'next')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/too many for campaigns.frequencyCap 1000: .* 2\^20 in all/);
    expect(existsSync(join(dir, 'next'))).toBe(false);
  });
});
