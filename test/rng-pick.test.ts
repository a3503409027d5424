import { describe, expect, it } from 'vitest';
import { cumulative, guided, pickGuidedPrefix, Rng } from '../src/gen/rng.js';

/**
 * The faster picks must give the textbook answer for every draw: the first index whose
 * cumulative weight exceeds u × total (the last index if none does), found here by a plain
 * scan over the whole table, written independently of rng.ts.
 */
function reference(weights: ArrayLike<number>, u: number): number {
  const last = weights.length - 1;
  const x = u * weights[last];
  for (let i = 0; i < last; i++) if (weights[i] > x) return i;
  return last;
}

/** Draws u exactly as Rng.next() does, from a twin stream. */
const twin = (seed: number) => new Rng(seed);

const tables: [string, number[]][] = [
  ['one entry', [3]],
  ['zeros inside (repeated cumulative values)', [0, 0.2, 0, 0, 0.5, 0, 0.3]],
  ['leading and trailing zeros', [0, 0, 1, 2, 0, 0]],
  ['24 hours', Array.from({ length: 24 }, (_, h) => 1 + Math.sin(h / 3) ** 2)],
  ['zipf 3000', Array.from({ length: 3000 }, (_, r) => 1 / (r + 1) ** 1.1)],
  ['flat 1000', Array.from({ length: 1000 }, () => 1)],
  ['one heavy item among many light', Array.from({ length: 500 }, (_, r) => (r === 250 ? 1e6 : 1e-3))],
];

describe('Rng.pickCumulative and pickGuided', () => {
  for (const [name, weights] of tables) {
    it(`agree with the reference for 20,000 draws: ${name}`, () => {
      const cum = cumulative(weights);
      const table = guided(cum);
      const a = new Rng(42);
      const b = new Rng(42);
      const ref = twin(42);
      for (let k = 0; k < 20_000; k++) {
        const want = reference(cum, ref.next());
        expect(a.pickCumulative(cum)).toBe(want);
        expect(b.pickGuided(table)).toBe(want);
      }
      // One draw each, so the streams stay in step with the reference.
      const after = ref.next();
      expect(a.next()).toBe(after);
      expect(b.next()).toBe(after);
    });
  }

  it('land on bucket edges and exact weights like the reference (draws that equal a cumulative value)', () => {
    // total 1000 over 1000 entries: every u = k/1000 hits a bucket edge and a cumulative value exactly.
    const cum = cumulative(Array.from({ length: 1000 }, () => 1));
    const table = guided(cum);
    const stub = (u: number) => ({ next: () => u }) as unknown as Rng;
    for (let k = 0; k < 1000; k++) {
      for (const u of [k / 1000, (k + 0.5) / 1000, Math.max(0, k / 1000 - 1e-15)]) {
        const want = reference(cum, u);
        expect(Rng.prototype.pickGuided.call(stub(u), table)).toBe(want);
        expect(Rng.prototype.pickCumulative.call(stub(u), cum)).toBe(want);
      }
    }
  });

  it('pickGuidedPrefix equals pickCumulative on the prefix, for every prefix length', () => {
    const cum = cumulative(Array.from({ length: 92 }, (_, d) => (d % 7 === 6 ? 0 : 1 + 0.3 * Math.sin(d / 9))));
    const table = guided(cum);
    for (let n = 0; n <= cum.length; n++) {
      const a = new Rng(n + 1);
      const b = new Rng(n + 1);
      for (let k = 0; k < 500; k++) expect(pickGuidedPrefix(b, table, n)).toBe(a.pickCumulative(cum.subarray(0, n)));
      expect(b.next()).toBe(a.next());
    }
  });

  it('fall back to the search when the total is not positive (all-zero weights)', () => {
    const cum = cumulative([0, 0, 0, 0]);
    expect(guided(cum).guide).toBeNull();
    expect(new Rng(1).pickGuided(guided(cum))).toBe(reference(cum, new Rng(1).next()));
  });
});
