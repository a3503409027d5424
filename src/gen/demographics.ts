/**
 * Demographic tables: adult age mix, and how income bracket, age and education shape each other.
 * Sources: US Census ACS 2022 (age of adults, household income, educational attainment) and BLS
 * labour-force participation by age, rounded. Each array is indexed by the domain order in
 * src/schema/domains.ts.
 */

/** Adult age buckets [from, to] and their share of US adults. */
export const AGE_BUCKETS: readonly (readonly [number, number])[] = [
  [18, 24],
  [25, 34],
  [35, 44],
  [45, 54],
  [55, 64],
  [65, 74],
  [75, 84],
  [85, 100],
];
export const ADULT_AGE_SHARE = [0.12, 0.175, 0.165, 0.155, 0.165, 0.125, 0.07, 0.025];

/** Head-of-household age multiplier per income bracket: low incomes skew young and old. */
export const HEAD_AGE_BY_BRACKET = [
  [2.0, 1.1, 0.8, 0.7, 0.9, 1.3, 1.8, 2.2],
  [1.3, 1.1, 0.9, 0.8, 0.9, 1.2, 1.3, 1.3],
  [0.8, 1.1, 1.0, 1.0, 1.0, 1.0, 0.9, 0.7],
  [0.5, 1.0, 1.2, 1.25, 1.1, 0.8, 0.5, 0.4],
  [0.3, 0.8, 1.3, 1.45, 1.3, 0.7, 0.4, 0.3],
];

/** Household income range per bracket, USD; the top bracket has a Pareto tail from 150K. */
export const BRACKET_RANGE: readonly (readonly [number, number])[] = [
  [9_000, 30_000],
  [30_000, 60_000],
  [60_000, 100_000],
  [100_000, 150_000],
  [150_000, Infinity],
];

/* Attainment of adults 25+ is configured: individual.education (src/config/schema.ts). */
/** Degree odds multiplier per income bracket (Bachelor and above). */
export const DEGREE_BY_BRACKET = [0.45, 0.75, 1.0, 1.45, 2.1];
/** Minimum age at which each education level can have been completed. */
export const EDUCATION_MIN_AGE = [18, 18, 21, 23, 26];
/** Relative earnings by education level (median weekly earnings ratio, BLS). */
export const EARNINGS_BY_EDUCATION = [1.0, 1.15, 1.65, 1.95, 2.4];

/** Employment status weights by age band: Employed, Self-Employed, Unemployed, Student, Retired. */
export function employmentWeights(age: number, bracket: number): number[] {
  let w: number[];
  if (age <= 22) w = [0.35, 0.02, 0.08, 0.55, 0];
  else if (age <= 29) w = [0.78, 0.05, 0.08, 0.09, 0];
  else if (age <= 49) w = [0.8, 0.11, 0.07, 0.02, 0];
  else if (age <= 61) w = [0.68, 0.12, 0.06, 0, 0.14];
  else if (age <= 66) w = [0.4, 0.1, 0.03, 0, 0.47];
  else w = [0.1, 0.05, 0, 0, 0.85];
  // Low-income households have more unemployment, high-income ones less.
  w[2] *= [2.2, 1.3, 0.9, 0.6, 0.4][bracket];
  return w;
}

/** Earnings by age for workers, peaking at 45–55 (BLS median weekly earnings by age). */
export function earningsByAge(age: number): number {
  if (age < 25) return 0.55;
  if (age < 35) return 0.85;
  if (age < 45) return 1.0;
  if (age < 55) return 1.08;
  if (age < 65) return 1.02;
  return 0.8;
}
