import type { RunConfig } from '../config/schema.js';
import {
  BRACKET_RANGE,
  DEGREE_BY_BRACKET,
  EARNINGS_BY_EDUCATION,
  EDUCATION_MIN_AGE,
  earningsByAge,
  employmentWeights,
} from './demographics.js';
import { EDUCATION_LEVELS, INCOME_BRACKETS } from '../schema/domains.js';
import { ageRange, bucketInRange, extraMemberAgeWeights, headBucketWeights, PARTNER_AGE_SD } from './age-mix.js';
import { housingWeights } from './household-mix.js';
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
  /** The configured housing mix, normalised (tilted per household by housingWeights). */
  housing: number[];
  gender: Float64Array;
  /** individual.education weights (EDUCATION_LEVELS order), as configured: drawEducation tilts them. */
  education: number[];
  headAge: Float64Array[];
  /** Cumulative weights of ages minAge..maxAge for members beyond the second (age-mix.ts). */
  extraAge: Float64Array;
  /** individual.minAge..maxAge: every member's age lies inside it. */
  ageRange: [number, number];
}

export function peopleTables(config: RunConfig): PeopleTables {
  const h = config.household;
  const range = ageRange(config);
  return {
    bracket: cumulative(Object.values(h.incomeBrackets)),
    housing: Object.values(h.housingTypes),
    gender: cumulative(Object.values(config.individual.gender)),
    education: EDUCATION_LEVELS.map((l) => config.individual.education[l]),
    headAge: INCOME_BRACKETS.map((_, b) => cumulative(headBucketWeights(b, range))),
    extraAge: cumulative(extraMemberAgeWeights(config)),
    ageRange: range,
  };
}

/** A uniform age within the bucket's part of the age range (headAge gives other buckets no weight). */
function ageIn(rng: Rng, bucket: number, range: [number, number]): number {
  const [from, to] = bucketInRange(bucket, range);
  return from + rng.int(to - from + 1);
}

const clampAge = (a: number, [lo, hi]: [number, number]) => Math.max(lo, Math.min(hi, Math.round(a)));

/** Household size: normal(mean, sd) rounded and clipped, as the data model states. */
export function drawSize(rng: Rng, config: RunConfig): number {
  const { sizeMean, sizeSd, sizeMin, sizeMax } = config.household;
  return Math.max(sizeMin, Math.min(sizeMax, Math.round(rng.normal(sizeMean, sizeSd))));
}

/**
 * Members' ages: the head by income bracket, a partner of similar age, then adult children,
 * parents or housemates with ages drawn so that all individuals follow the US adult age mix,
 * all inside individual.minAge..maxAge (age-mix.ts says how a narrow range is handled).
 */
function memberAges(rng: Rng, size: number, headBucket: number, tables: PeopleTables): number[] {
  const range = tables.ageRange;
  const head = ageIn(rng, headBucket, range);
  const ages = [head];
  if (size >= 2) ages.push(clampAge(head + rng.normal(0, PARTNER_AGE_SD), range));
  for (let i = 2; i < size; i++) ages.push(range[0] + rng.pickCumulative(tables.extraAge));
  return ages;
}

function drawEducation(rng: Rng, age: number, bracket: number, base: readonly number[]): number {
  const w = base.map((s, i) => (i >= 2 ? s * DEGREE_BY_BRACKET[bracket] : s));
  // Under 25 most people are still in or just out of school.
  if (age < 25) {
    w[1] *= 1.6;
    w[3] *= 0.3;
    // Bachelor's degrees are finished at 22–23 typically (NCES), so few hold one at 21–22.
    w[2] *= age <= 21 ? 0.15 : age === 22 ? 0.35 : age === 23 ? 0.6 : 0.8;
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
  const ages = memberAges(rng, size, rng.pickCumulative(tables.headAge[bracket]), tables);
  const people: Person[] = ages.map((age, index) => {
    const education = drawEducation(rng, age, bracket, tables.education);
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

/** Housing by the configured mix, tilted by size and income (household-mix.ts). */
function drawHousing(rng: Rng, tables: PeopleTables, size: number, bracket: number): number {
  return rng.pickCumulative(cumulative(housingWeights(tables.housing, size, bracket)));
}
