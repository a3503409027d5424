import type { RunConfig } from './schema.js';

/** individual.minAge..maxAge, inclusive: every individual's age lies in it. */
export const ageRange = (config: RunConfig): [number, number] => [config.individual.minAge, config.individual.maxAge];

/** Whether the configured age range holds any age of from..to: rules about an age group skip it otherwise. */
export function coversAges(config: RunConfig, from: number, to: number): boolean {
  const [lo, hi] = ageRange(config);
  return lo <= to && from <= hi;
}

/** The data model's bounds (individuals.age CHECK BETWEEN 18 AND 100), which a default config spans. */
export const DATA_MODEL_AGES: [number, number] = [18, 100];

export const isFullAgeRange = (config: RunConfig): boolean => {
  const [lo, hi] = ageRange(config);
  return lo === DATA_MODEL_AGES[0] && hi === DATA_MODEL_AGES[1];
};
