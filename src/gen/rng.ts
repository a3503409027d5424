/**
 * Counter-based randomness. A stream is a pure function of (seed, entity, aspect): the same
 * household gets the same values whichever worker, block or shard generates it, and a new
 * aspect never shifts the values of the others.
 */

export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hash of up to four 32-bit words (each folded with its own position, so order matters). */
export function hash4(a: number, b: number, c = 0, d = 0): number {
  let h = mix32((a ^ 0x9e3779b9) >>> 0);
  h = mix32((h ^ Math.imul(b | 0, 0x85ebca6b)) + 0x7f4a7c15);
  h = mix32((h ^ Math.imul(c | 0, 0xc2b2ae35)) + 0x165667b1);
  h = mix32((h ^ Math.imul(d | 0, 0x27d4eb2f)) + 0x61c88647);
  return h;
}

/** Seeds may be any non-negative safe integer: fold both 32-bit halves. */
export function seedWord(seed: number): number {
  return hash4(seed % 4294967296, Math.floor(seed / 4294967296), 0x5eed);
}

/** Aspects: one stream each, so adding a draw to one never moves another. */
export const ASPECT = {
  household: 1,
  members: 2,
  identifiers: 3,
  identifierValue: 4,
  engagement: 10,
  tastes: 11,
  audience: 12,
  exposure: 13,
  response: 14,
  campaign: 15,
  catalog: 16,
} as const;

export class Rng {
  private state: number;
  private spare = NaN;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  static for(seedW: number, aspect: number, entity: number, sub = 0): Rng {
    return new Rng(hash4(seedW, aspect, entity, sub));
  }

  /** splitmix32: one add and one mix per draw. */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }

  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return mean + sd * v;
    }
    let u = this.next();
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(t);
    return mean + sd * r * Math.cos(t);
  }
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /**
   * Index drawn from cumulative weights (ascending, last = total): the first index whose weight
   * exceeds the draw, the last one if none does. Short tables (most: hours, tastes, devices,
   * types) are scanned in order, which beats a binary search's mispredicted branches; both find
   * the same index for every draw because the weights never decrease.
   */
  pickCumulative(cumulative: ArrayLike<number>): number {
    const last = cumulative.length - 1;
    const x = this.next() * cumulative[last];
    if (last < 16) {
      // `!(a > x)`, not `a <= x`: the same branch as the binary search's for every x, NaN included.
      let i = 0;
      while (i < last && !(cumulative[i] > x)) i++;
      return i;
    }
    return searchFrom(cumulative, x, 0, last);
  }

  /** pickCumulative over a table with a guide (below): the same index, fewer steps. */
  pickGuided(table: GuidedCumulative): number {
    const { weights, guide, scale } = table;
    const last = weights.length - 1;
    const x = this.next() * weights[last];
    return guide === null ? searchFrom(weights, x, 0, last) : scanFrom(weights, guide, scale, x, last);
  }
}

/**
 * pickGuided over the first n entries of the table only: the same index as pickCumulative on
 * `weights.subarray(0, n)` (a person active for part of the window draws from its first days).
 */
export function pickGuidedPrefix(rng: Rng, table: GuidedCumulative, n: number): number {
  const { weights, guide, scale } = table;
  if (guide === null || n < 1 || n > weights.length) return rng.pickCumulative(weights.subarray(0, n));
  const last = n - 1;
  // The prefix's total is at most the table's, so the bucket exists (scanFrom clamps it to the prefix).
  return scanFrom(weights, guide, scale, rng.next() * weights[last], last);
}

/**
 * First index in [0, last] whose weight exceeds x, else last, starting from x's guide bucket:
 * it starts near the answer, and the two scans make it exact whatever rounding did to the bucket
 * (a step back is rare: only a draw on a bucket's edge needs one).
 */
function scanFrom(weights: Float64Array, guide: Int32Array, scale: number, x: number, last: number): number {
  let i = Math.min(last, guide[Math.min(guide.length - 1, Math.floor(x * scale))]);
  while (i > 0 && weights[i - 1] > x) i--;
  while (i < last && !(weights[i] > x)) i++;
  return i;
}

/** Binary search: first index in [lo, hi) whose weight exceeds x, else hi. */
function searchFrom(cumulative: ArrayLike<number>, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * Cumulative weights with a guide table (Chen and Asau's method): guide[k] is the first index
 * whose weight exceeds k/m of the total, so a draw starts its scan a step or two from its index
 * instead of binary-searching thousands of entries (the content catalog: one pick per event).
 */
export interface GuidedCumulative {
  readonly weights: Float64Array;
  /** null when the total is not a positive finite number: pickGuided falls back to the search. */
  readonly guide: Int32Array | null;
  /** Buckets per unit of weight (m ÷ total). */
  readonly scale: number;
}

const guides = new WeakMap<Float64Array, GuidedCumulative>();

/** The guided table of a cumulative array that lives as long as a run (the day and hour curves), made once. */
export function guideFor(weights: Float64Array): GuidedCumulative {
  let table = guides.get(weights);
  if (table === undefined) {
    table = guided(weights);
    guides.set(weights, table);
  }
  return table;
}

export function guided(weights: Float64Array): GuidedCumulative {
  const last = weights.length - 1;
  const total = weights[last];
  if (!(total > 0 && Number.isFinite(total))) return { weights, guide: null, scale: 0 };
  const m = weights.length;
  const guide = new Int32Array(m + 1);
  let i = 0;
  for (let k = 0; k <= m; k++) {
    const edge = (k / m) * total;
    while (i < last && !(weights[i] > edge)) i++;
    guide[k] = i;
  }
  return { weights, guide, scale: m / total };
}

export function cumulative(weights: ArrayLike<number>): Float64Array {
  return cumulativeInto(weights, new Float64Array(weights.length));
}

/** cumulative() into `out` (as long as `weights`): the same sums, no allocation. */
export function cumulativeInto(weights: ArrayLike<number>, out: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}
