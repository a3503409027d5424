import { readFileSync } from 'node:fs';
import { fixturePath } from '../paths.js';
import { cumulative, type Rng } from './rng.js';

/** Real US ZIPs with their city and state, weighted by population (fixtures/geo/README.md). */
export interface Geography {
  zip: Uint8Array[];
  city: Uint8Array[];
  state: Uint8Array[];
  stateCode: string[];
  weights: Float64Array;
}

let cached: Geography | undefined;

export function loadGeography(): Geography {
  if (cached) return cached;
  const lines = readFileSync(fixturePath('geo', 'us-places.tsv'), 'utf8').trim().split('\n').slice(1);
  const enc = new TextEncoder();
  const interned = new Map<string, Uint8Array>();
  const intern = (s: string) => {
    let b = interned.get(s);
    if (!b) {
      b = enc.encode(s);
      interned.set(s, b);
    }
    return b;
  };
  const geo: Geography = { zip: [], city: [], state: [], stateCode: [], weights: new Float64Array(0) };
  const w: number[] = [];
  for (const line of lines) {
    const [zip, city, state, weight] = line.split('\t');
    geo.zip.push(enc.encode(zip));
    geo.city.push(intern(city));
    geo.state.push(intern(state));
    geo.stateCode.push(state);
    w.push(Number(weight));
  }
  geo.weights = cumulative(w);
  cached = geo;
  return geo;
}

export const pickPlace = (geo: Geography, rng: Rng): number => rng.pickCumulative(geo.weights);
