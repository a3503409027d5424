import type { RunConfig } from '../config/schema.js';
import {
  ADULT_AGE_SHARE,
  AGE_BUCKETS,
  BRACKET_RANGE,
  DEGREE_BY_BRACKET,
  EARNINGS_BY_EDUCATION,
  EDUCATION_MIN_AGE,
  EDUCATION_SHARE_25_PLUS,
  HEAD_AGE_BY_BRACKET,
  earningsByAge,
  employmentWeights,
} from './demographics.js';
import { cumulative, type Rng } from './rng.js';

/** Indices into the domain arrays of src/schema/domains.ts. */
export interface Person {
  index: number;
  age: number;
  gender: number;
  education: number;
  employment: number;
  /** Income in cents, or -1 for NULL (no own income). */
  incomeCents: number;
}

export interface Household {
  bracket: number;
  size: number;
  housing: number;
  place: number;
  people: Person[];
}

const EMPLOYED = 0,
  SELF_EMPLOYED = 1,
  UNEMPLOYED = 2,
  RETIRED = 4;

export interface PeopleTables {
  bracket: Float64Array;
  housing: Float64Array;
  gender: Float64Array;
  headAge: Float64Array[];
}

export function peopleTables(config: RunConfig): PeopleTables {
  const h = config.household;
  return {
    bracket: cumulative(Object.values(h.incomeBrackets)),
    housing: cumulative(Object.values(h.housingTypes)),
    gender: cumulative(Object.values(config.individual.gender)),
    headAge: HEAD_AGE_BY_BRACKET.map((m) => cumulative(m.map((x, i) => x * ADULT_AGE_SHARE[i]))),
  };
}

function ageIn(rng: Rng, bucket: number): number {
  const [from, to] = AGE_BUCKETS[bucket];
  return from + rng.int(to - from + 1);
}

const clampAge = (a: number) => Math.max(18, Math.min(100, Math.round(a)));

/** Household size: normal(mean, sd) rounded and clipped, as the data model states. */
export function drawSize(rng: Rng, config: RunConfig): number {
  const { sizeMean, sizeSd, sizeMin, sizeMax } = config.household;
  return Math.max(sizeMin, Math.min(sizeMax, Math.round(rng.normal(sizeMean, sizeSd))));
}

/** Members' ages: head by bracket, a partner of similar age, then adult children, parents or housemates. */
function memberAges(rng: Rng, size: number, headBucket: number): number[] {
  const head = ageIn(rng, headBucket);
  const ages = [head];
  if (size >= 2) ages.push(clampAge(head + rng.normal(0, 5)));
  for (let i = 2; i < size; i++) {
    if (head >= 38 && rng.chance(0.75)) ages.push(clampAge(Math.min(head - 18, 18 + rng.exponential(4))));
    else if (head >= 35 && head <= 60 && rng.chance(0.4)) ages.push(clampAge(head + 24 + rng.int(12)));
    else ages.push(clampAge(head + rng.normal(0, 4)));
  }
  return ages;
}

function drawEducation(rng: Rng, age: number, bracket: number): number {
  const w = EDUCATION_SHARE_25_PLUS.map((s, i) => (i >= 2 ? s * DEGREE_BY_BRACKET[bracket] : s));
  // Under 25 most people are still in or just out of school.
  if (age < 25) {
    w[1] *= 1.6;
    w[3] *= 0.3;
  }
  if (age >= 70) {
    w[0] *= 1.3;
  }
  for (let i = 0; i < w.length; i++) if (age < EDUCATION_MIN_AGE[i]) w[i] = 0;
  return rng.pickCumulative(cumulative(w));
}

/** Household income within its bracket (Pareto tail above 150K, α = 2.2). */
function householdIncome(rng: Rng, bracket: number): number {
  const [lo, hi] = BRACKET_RANGE[bracket];
  if (hi === Infinity) return Math.min(lo * (1 - rng.next()) ** (-1 / 2.2), 5_000_000);
  return lo + rng.next() * (hi - lo - 1);
}

/** Share of household income each member earns; 0 means no own income (NULL). */
function earningWeight(rng: Rng, p: Person): number {
  const edu = EARNINGS_BY_EDUCATION[p.education];
  switch (p.employment) {
    case EMPLOYED:
      return earningsByAge(p.age) * edu;
    case SELF_EMPLOYED:
      return earningsByAge(p.age) * edu * 1.05;
    case RETIRED:
      return 0.45 * edu;
    case UNEMPLOYED:
      return rng.chance(0.5) ? 0.12 : 0;
    default:
      return rng.chance(0.25) ? 0.15 : 0; // students: some part-time work
  }
}

export function generateHousehold(rng: Rng, config: RunConfig, tables: PeopleTables, place: number): Household {
  const bracket = rng.pickCumulative(tables.bracket);
  const size = drawSize(rng, config);
  const ages = memberAges(rng, size, rng.pickCumulative(tables.headAge[bracket]));
  const people: Person[] = ages.map((age, index) => {
    const education = drawEducation(rng, age, bracket);
    const employment = rng.pickCumulative(cumulative(employmentWeights(age, bracket)));
    return { index, age, gender: rng.pickCumulative(tables.gender), education, employment, incomeCents: -1 };
  });
  const weights = people.map((p) => earningWeight(rng, p));
  if (!weights.some((w) => w > 0)) {
    // Somebody pays the rent: the head works, or draws a pension from 62 on.
    const head = people[0];
    head.employment = head.age >= 62 ? RETIRED : EMPLOYED;
    weights[0] = earningWeight(rng, head);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const incomeCents = Math.round(householdIncome(rng, bracket) * 100);
  let assigned = 0;
  const earners = people.filter((_, i) => weights[i] > 0);
  for (const p of earners) {
    const last = p === earners[earners.length - 1];
    // The last earner takes the rounding remainder, so incomes sum to the household income exactly.
    p.incomeCents = last ? incomeCents - assigned : Math.floor((incomeCents * weights[p.index]) / total);
    assigned += p.incomeCents;
  }
  return { bracket, size, housing: drawHousing(rng, tables, size, bracket), place, people };
}

/** Singles and low incomes rent apartments more; large and high-income households own houses. */
function drawHousing(rng: Rng, tables: PeopleTables, size: number, bracket: number): number {
  const base = Array.from(tables.housing, (c, i) => c - (i ? tables.housing[i - 1] : 0));
  const house = (size >= 3 ? 1.3 : size === 1 ? 0.6 : 1) * (bracket >= 3 ? 1.25 : bracket === 0 ? 0.7 : 1);
  const apartment = (size === 1 ? 1.7 : size >= 4 ? 0.55 : 1) * (bracket <= 1 ? 1.4 : bracket >= 3 ? 0.6 : 1);
  return rng.pickCumulative(cumulative([base[0] * house, base[1] * apartment, base[2], base[3]]));
}
