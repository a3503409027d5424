import { z } from 'zod';
import {
  ATTRIBUTION_MODELS,
  CHANNELS,
  CONTENT_CATEGORIES,
  EDUCATION_LEVELS,
  ENGAGEMENT_TYPES,
  GENDERS,
  HOUSING_TYPES,
  IDENTIFIER_TYPES,
  INCOME_BRACKETS,
} from '../schema/domains.js';
import { attainableMean } from '../gen/identifier-count.js';

/** Household ids are < 2^28 so every derived id (event ids included) stays below 2^53. */
export const MAX_HOUSEHOLDS = 2 ** 28 - 1;

/** A weight per domain value: exactly these keys, each ≥ 0, at least one > 0. */
function weights<T extends readonly [string, ...string[]]>(keys: T, defaults: Record<T[number], number>) {
  const shape = Object.fromEntries(keys.map((k) => [k, z.number().min(0, 'must be ≥ 0')])) as Record<
    T[number],
    z.ZodNumber
  >;
  return z
    .strictObject(shape)
    .refine(
      (w) => Object.values<number>(w as Record<string, number>).some((v) => v > 0),
      'at least one weight must be > 0',
    )
    .default(defaults as never);
}

const share = (def: number) =>
  z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').default(def);
/** An age within the data model's bounds: individuals.age is CHECK (age BETWEEN 18 AND 100), adults only. */
const age = (def: number) =>
  z
    .number()
    .int('must be a whole number of years')
    .min(18, 'must be between 18 and 100 (the data model holds adults only: age BETWEEN 18 AND 100)')
    .max(100, 'must be between 18 and 100 (the data model holds adults only: age BETWEEN 18 AND 100)')
    .default(def);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2025-10-01')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'must be a real calendar date');
const isoInstant = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)),
    'must be an ISO timestamp like 2025-10-01T00:00:00Z',
  );

export const configSchema = z.strictObject({
  seed: z.number().int('must be a whole number').min(0, 'must be ≥ 0').max(Number.MAX_SAFE_INTEGER).default(42),
  households: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_HOUSEHOLDS, `must be at most ${MAX_HOUSEHOLDS}`)
    .default(10_000),
  /** created_at / computed_at: the data never reads the wall clock. */
  asOf: isoInstant.default('2025-10-01T00:00:00Z'),
  window: z
    .strictObject({
      /** Last day of the event window (inclusive), UTC. */
      end: isoDate.default('2025-09-30'),
      /** Length in days, weeks, months or years: 90d, 12w, 3m, 1y. */
      length: z
        .string()
        .regex(/^[1-9]\d*[dwmy]$/, 'must be a number followed by d, w, m or y (e.g. 90d, 12w, 3m, 1y)')
        .default('90d'),
    })
    .default({ end: '2025-09-30', length: '90d' }),
  household: z
    .strictObject({
      sizeMean: z.number().min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').default(2.5),
      sizeSd: z.number().min(0, 'must be ≥ 0').max(10).default(1.2),
      sizeMin: z.number().int().min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').default(1),
      sizeMax: z.number().int().min(1, 'must be between 1 and 10').max(10, 'must be between 1 and 10').default(10),
      /** US household income shares (ACS 2022, rebinned to the model's brackets). */
      incomeBrackets: weights(INCOME_BRACKETS, {
        '<30K': 0.2,
        '30-60K': 0.21,
        '60-100K': 0.22,
        '100-150K': 0.17,
        '150K+': 0.2,
      }),
      housingTypes: weights(HOUSING_TYPES, { house: 0.63, apartment: 0.27, condo: 0.07, other: 0.03 }),
    })
    .refine((h) => h.sizeMin <= h.sizeMax, { message: 'sizeMin must be ≤ sizeMax', path: ['sizeMin'] })
    .prefault({}),
  individual: z
    .strictObject({
      /**
       * Ages of the individuals, inclusive. The data model allows adults 18..100 only (CHECK age
       * BETWEEN 18 AND 100), so the range must lie inside it. Within it the US adult age mix is
       * kept, truncated to the range (src/gen/age-mix.ts).
       */
      minAge: age(18),
      maxAge: age(100),
      gender: weights(GENDERS, { Male: 0.48, Female: 0.48, 'Non-Binary': 0.03, 'Prefer not to say': 0.01 }),
      /**
       * Attainment of adults 25+ (Census ACS 2022 S1501); degrees are then tilted by income and
       * made rarer among the young (src/gen/people.ts).
       */
      education: weights(EDUCATION_LEVELS, {
        'High School': 0.37,
        'Some College': 0.25,
        Bachelor: 0.23,
        Master: 0.11,
        Doctorate: 0.04,
      }),
    })
    .superRefine((i, ctx) => {
      // Said once: an age outside 18..100 has its own message already.
      const inBounds = (a: number) => a >= 18 && a <= 100;
      if (inBounds(i.minAge) && inBounds(i.maxAge) && i.minAge > i.maxAge)
        ctx.addIssue({
          code: 'custom',
          path: ['maxAge'],
          input: i.maxAge,
          message: `must be ≥ minAge ${i.minAge} (the age range is minAge..maxAge): raise maxAge or lower minAge`,
        });
    })
    .prefault({}),
  identifiers: z
    .strictObject({
      min: z.number().int().min(1, 'must be between 1 and 15').max(15, 'must be between 1 and 15').default(2),
      max: z.number().int().min(1, 'must be between 1 and 15').max(15, 'must be between 1 and 15').default(15),
      mean: z.number().min(1, 'must be between 1 and 15').max(15, 'must be between 1 and 15').default(4),
      /** Share of people holding at least one identifier of each type. */
      coverage: z
        .strictObject(
          Object.fromEntries(IDENTIFIER_TYPES.map((t) => [t, share(0)])) as Record<
            (typeof IDENTIFIER_TYPES)[number],
            z.ZodDefault<z.ZodNumber>
          >,
        )
        .default({
          email_hash: 0.6,
          mobile_ad_id: 0.8,
          ctv_id: 0.4,
          cookie_id: 0.9,
          hashed_phone: 0.3,
          device_id: 0.5,
        } as never),
      inactiveShare: share(0.15),
    })
    .refine((i) => i.min <= i.mean && i.mean <= i.max, { message: 'must satisfy min ≤ mean ≤ max', path: ['mean'] })
    .superRefine((i, ctx) => {
      // Coverage alone fixes a floor (and max a ceiling) for the mean: refuse a mean the generator cannot reach.
      if (i.min > i.mean || i.mean > i.max) return;
      const [lo, hi] = attainableMean(i);
      if (i.mean < lo - 0.005 || i.mean > hi + 0.005)
        ctx.addIssue({
          code: 'custom',
          path: ['mean'],
          input: i.mean,
          message: `cannot be reached with this coverage, min and max (reachable ${lo.toFixed(2)}..${hi.toFixed(2)}): set mean in that range, or change coverage, min or max`,
        });
    })
    .prefault({}),
  engagement: z
    .strictObject({
      /** Mean events per person per day; 0.55 gives ~50 per person over 90 days. */
      perPersonPerDay: z.number().min(0, 'must be ≥ 0').max(200, 'must be at most 200').default(0.55),
      /** Log-normal σ of per-person activity: higher means a longer heavy-user tail. */
      activitySigma: z.number().min(0, 'must be between 0 and 3').max(3, 'must be between 0 and 3').default(1.1),
      /** Amplitude of the yearly cycle (0 = none): more viewing in winter. */
      seasonality: share(0.15),
      catalogSize: z.number().int().min(10, 'must be at least 10').max(10_000_000).default(20_000),
      /** Zipf exponent of content popularity within a category. */
      popularitySkew: z.number().min(0, 'must be between 0 and 3').max(3, 'must be between 0 and 3').default(1.05),
      sessionGapMinutes: z.number().min(1).max(1440).default(30),
      /** Share of engagement per content category (roughly US time-spent data), before personal tastes. */
      categories: weights(CONTENT_CATEGORIES, {
        News: 0.14,
        Sports: 0.13,
        Entertainment: 0.22,
        Education: 0.06,
        Technology: 0.08,
        Music: 0.11,
        Lifestyle: 0.08,
        Business: 0.05,
        Gaming: 0.08,
        Kids: 0.05,
      }),
      /** Engagement-type mix: most events are views, then clicks and likes (social/streaming benchmarks). */
      types: weights(ENGAGEMENT_TYPES, { view: 0.68, click: 0.13, share: 0.04, like: 0.11, comment: 0.04 }),
    })
    .prefault({}),
  audience: z
    .strictObject({
      /** frequency_daily_avg ≥ heavy → Heavy User; ≥ moderate → Moderate User; else Light User. */
      heavyPerDay: z.number().min(0).default(1.5),
      moderatePerDay: z.number().min(0).default(0.4),
      /** No engagement in the last N days of the window → Churned. */
      churnDays: z.number().int().min(1).max(3650).default(30),
    })
    .refine((a) => a.moderatePerDay <= a.heavyPerDay, {
      message: 'moderatePerDay must be ≤ heavyPerDay',
      path: ['moderatePerDay'],
    })
    .prefault({}),
  campaigns: z
    .strictObject({
      count: z
        .number()
        .int()
        .min(1, 'must be between 1 and 100000')
        .max(100_000, 'must be between 1 and 100000')
        .default(40),
      minDays: z.number().int().min(1).max(365).default(7),
      maxDays: z.number().int().min(1).max(365).default(90),
      /** Share of a campaign's target audience reached at least once. */
      reach: share(0.35),
      /** Share of exposures outside the target segments (broad buys, lookalikes). */
      offTargetShare: share(0.1),
      /**
       * Relative weight of each channel, on top of each goal's built-in channel mix (awareness leans
       * to video/CTV, conversion to email): equal weights keep that mix, 0 drops the channel.
       */
      channels: weights(CHANNELS, { email: 0.2, social: 0.2, display: 0.2, video: 0.2, ctv: 0.2 }),
      meanFrequency: z.number().min(1).max(100).default(3),
      frequencyCap: z.number().int().min(1).max(1000).default(12),
      /** Cost per thousand exposures, USD, per channel. */
      cpm: z
        .strictObject(
          Object.fromEntries(CHANNELS.map((c) => [c, z.number().min(0)])) as Record<
            (typeof CHANNELS)[number],
            z.ZodNumber
          >,
        )
        .default({ email: 1.5, social: 9, display: 3.5, video: 18, ctv: 32 } as never),
    })
    .refine((c) => c.minDays <= c.maxDays, { message: 'minDays must be ≤ maxDays', path: ['minDays'] })
    .prefault({}),
  responses: z
    .strictObject({
      /** Probability that one exposure gets a response, scaled by propensity, channel and goal. */
      baseRate: share(0.06),
      /**
       * Response rate range: when set, each campaign draws its own base rate uniformly from
       * baseRate..baseRateMax (creative and offer vary); unset, every campaign uses baseRate.
       */
      baseRateMax: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
      attributionModel: z.enum(ATTRIBUTION_MODELS).default('linear'),
      /** Half-life of the time_decay model. */
      decayHalfLifeHours: z.number().positive().default(168),
    })
    .refine((r) => r.baseRateMax === undefined || r.baseRate <= r.baseRateMax, {
      message: 'must be ≥ baseRate (the range is baseRate..baseRateMax)',
      path: ['baseRateMax'],
    })
    .prefault({}),
  output: z
    .strictObject({
      targetFileMB: z
        .number()
        .min(1, 'must be between 1 and 4096')
        .max(4096, 'must be between 1 and 4096')
        .default(128),
      /** Households per row group: the unit of work and of file layout (bytes depend on it). */
      chunkHouseholds: z
        .number()
        .int()
        .min(64, 'must be between 64 and 262144')
        .max(262_144, 'must be between 64 and 262144')
        .default(4096),
      /** `core`: only households, individuals and identity_mappings (phase 1 of the data model). */
      tables: z.enum(['all', 'core']).default('all'),
    })
    .prefault({}),
});

export type RunConfig = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
