import { mix32 } from './rng.js';

/**
 * Identifier values shaped like the real thing. The first 64 bits of every value are a keyed
 * Feistel permutation of the mapping id, so values are unique within their type by construction
 * (a permutation never maps two ids to one value) while still looking random.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(x: number): string {
  return HEX[x >>> 24] + HEX[(x >>> 16) & 0xff] + HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];
}
const hex16 = (x: number): string => HEX[(x >>> 8) & 0xff] + HEX[x & 0xff];

/** 4-round Feistel network over (hi, lo): a bijection on 64-bit values for a given key. */
export function permute64(id: number, key: number): [number, number] {
  let l = Math.floor(id / 4294967296) >>> 0;
  let r = id >>> 0;
  for (let round = 0; round < 4; round++) {
    const f = mix32((r ^ Math.imul(key + round, 0x9e3779b9)) >>> 0);
    const next = (l ^ f) >>> 0;
    l = r;
    r = next;
  }
  return [l, r];
}

/** 64 lowercase hex chars: the shape of a SHA-256 digest of a normalised email or phone. */
export function sha256Shaped(id: number, key: number, words: () => number): string {
  const [a, b] = permute64(id, key);
  let s = hex32(a) + hex32(b);
  for (let i = 0; i < 6; i++) s += hex32(words());
  return s;
}

/** RFC 4122 version-4 UUID (mobile ad ids: AAID lowercase, IDFA/RIDA uppercase). */
export function uuid4(id: number, key: number, words: () => number, upper: boolean): string {
  const [a, b] = permute64(id, key);
  const r1 = words();
  const r2 = words();
  const s = `${hex32(a)}-${hex16(b >>> 16)}-4${hex16(r1).slice(1)}-${(8 | ((r1 >>> 16) & 3)).toString(16)}${hex16(r1 >>> 16).slice(1)}-${hex16(b)}${hex32(r2)}`;
  return upper ? s.toUpperCase() : s;
}

/** 32 hex chars: a first-party cookie / browser id. */
export function cookieId(id: number, key: number, words: () => number): string {
  const [a, b] = permute64(id, key);
  return hex32(a) + hex32(b) + hex32(words()) + hex32(words());
}

/** 16 hex chars: an Android-ID-like device id (the permuted 64 bits themselves). */
export function deviceId(id: number, key: number): string {
  const [a, b] = permute64(id, key);
  return hex32(a) + hex32(b);
}
