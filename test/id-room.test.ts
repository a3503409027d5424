import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readParent } from '../src/lineage/parent.js';
import { cli } from './helpers/cli.js';
import { generateDrop } from './helpers/drops.js';

/**
 * A person's response ids are individual_id·2^16 + number, numbers 0..65535: late responses to
 * the base's exposures are numbered down from 65535, so the lineage's response mark reaches 2^16
 * by design, and a mark past it means ids in the next person's range.
 */
describe("a lineage's per-person response numbers", () => {
  let drop: string;
  let manifest: string;
  let original: string;
  beforeAll(async () => {
    drop = (await generateDrop({ households: 20, window: { end: '2025-09-30', length: '7d' } })).out;
    manifest = join(drop, '_manifest.json');
    original = readFileSync(manifest, 'utf8');
  }, 120_000);
  afterAll(() => rmSync(drop, { recursive: true, force: true }));

  const withResponseSeq = (n: number) => {
    const m = JSON.parse(original);
    m.lineage.highWater.responseSeq = n;
    writeFileSync(manifest, JSON.stringify(m, null, 2));
  };

  it('continues a lineage whose mark is 2^16 (the top number, 65535, used by a late response)', () => {
    withResponseSeq(65_536);
    expect(readParent(drop).lineage.highWater.responseSeq).toBe(65_536);
  });

  it('refuses, before writing anything, a parent recording a response number past 2^16 (exit 2)', () => {
    withResponseSeq(65_537);
    const out = join(drop, '..', `${drop.split('/').at(-1)}-inc`);
    const r = cli(['generate', '--continue', drop, '--days', '7', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('records per-person response number 65536, past the 65536 a person has');
    expect(r.stderr).toMatch(/fix: continue a drop written by idgraph/);
    expect(() => readFileSync(join(out, '_manifest.json'))).toThrow();
    rmSync(out, { recursive: true, force: true });
  });
});
