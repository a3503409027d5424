import { MICROS_PER_DAY } from '../config/window.js';
import { BEHAVIOR_CLASSES, CONTENT_CATEGORIES, DEVICE_TYPES, SEGMENTS } from '../schema/domains.js';
import type { ChunkOutput } from './chunk-output.js';
import type { GenContext } from './context.js';
import { encodeAll } from './encode-domain.js';
import type { EngagementSummary } from './engagements.js';
import type { Person } from './people.js';
import type { Rng } from './rng.js';
import type { TableBuilder } from '../write/table-builder.js';

const DEVICE = encodeAll(DEVICE_TYPES);
const SEGMENT = encodeAll(SEGMENTS);
const CLASS = encodeAll(BEHAVIOR_CLASSES);
const HEAVY = 0,
  MODERATE = 1,
  LIGHT = 2,
  CHURNED = 3;
/** Prior weight of latent tastes in the affinity estimate (pseudo-counts). */
const PRIOR_COUNTS = 3;
const SECONDARY_MIN_AFFINITY = 0.12;

const AFFINITY = new Float64Array(CONTENT_CATEGORIES.length);

export interface Audience {
  primarySegment: number;
  /** Segment indices the person belongs to (primary first, then secondaries). */
  segments: number[];
  propensity: number;
  classification: number;
}

/** Ranks categories by count, ties broken by category order, so top-3 is deterministic. */
function rank(counts: ArrayLike<number>): number[] {
  // Insertion sort of at most ten indices: cheaper than allocating pairs for Array.sort per person.
  const order: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let at = order.length;
    while (at > 0 && counts[order[at - 1]] < counts[i]) at--;
    order.splice(at, 0, i);
  }
  return order;
}

/** Index of the largest value, the first one on ties (same choice as rank()[0], without sorting). */
function argmax(xs: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
}

/**
 * viewership_patterns: a pure aggregate of this person's generated engagements. A person with no
 * engagement in the window gets no row: its NOT NULL recency would have no true value. An
 * increment aggregates its rolling window of `windowDays` (src/gen/continue/rolling.ts).
 */
export function writeViewership(
  ctx: GenContext,
  out: ChunkOutput,
  personId: number,
  s: EngagementSummary,
  windowDays = ctx.window.days,
): void {
  if (s.total === 0) return;
  const b = out.table('viewership_patterns').view(viewershipColumns);
  b.pattern.push(personId);
  b.person.push(personId);
  b.total.push(s.total);
  b.daily.push(s.total / windowDays);
  b.recency.push(s.lastMicros);
  b.categories.push(
    rank(s.categoryCounts)
      .filter((c) => s.categoryCounts[c] > 0)
      .slice(0, 3)
      .map((c) => CONTENT_CATEGORIES[c]),
  );
  b.device.pushBytes(DEVICE[argmax(s.deviceCounts)]);
  b.peakHour.push(argmax(s.hourCounts));
  b.computedAt.push(ctx.window.asOfMicros);
}

/** Column handles looked up once per builder (TableBuilder.view), not once per person and column. */
const viewershipColumns = (b: TableBuilder) => ({
  pattern: b.int64('pattern_id'),
  person: b.int64('individual_id'),
  total: b.int64('total_engagements'),
  daily: b.float64('frequency_daily_avg'),
  recency: b.int64('recency_last_engagement'),
  categories: b.list('preferred_categories'),
  device: b.utf8('preferred_device'),
  peakHour: b.int32('peak_hour'),
  computedAt: b.int64('computed_at'),
});

const audienceColumns = (b: TableBuilder) => ({
  attribute: b.int64('attribute_id'),
  person: b.int64('individual_id'),
  primary: b.utf8('segment_primary'),
  secondary: b.list('segment_secondary'),
  affinity: b.map('affinity_scores'),
  classification: b.utf8('behavioral_classification'),
  propensity: b.float64('propensity_to_convert'),
  lifetimeValue: b.decimal('lifetime_value_estimate'),
  computedAt: b.int64('computed_at'),
});

/**
 * audience_attributes, derived from the viewership aggregate: affinities are smoothed category
 * shares (sum 1); segments follow the affinities; the class follows daily frequency, with
 * Churned for no engagement in the last `churnDays`; propensity rises with engagement, income
 * and middle age; lifetime value follows income and propensity.
 */
export function writeAudience(
  ctx: GenContext,
  rng: Rng,
  out: ChunkOutput,
  personId: number,
  person: Person,
  householdIncomeCents: number,
  tastes: Float64Array,
  s: EngagementSummary,
  windowDays = ctx.window.days,
): Audience {
  const { audience } = ctx.config;
  // Scratch, filled here each time: MapBuilder.push copies it and the result keeps only segments.
  const affinity = AFFINITY;
  for (let c = 0; c < affinity.length; c++)
    affinity[c] = (s.categoryCounts[c] + PRIOR_COUNTS * tastes[c]) / (s.total + PRIOR_COUNTS);
  const order = rank(affinity);
  const segments = [order[0], ...order.slice(1, 3).filter((c) => affinity[c] >= SECONDARY_MIN_AFFINITY)];

  const perDay = s.total / windowDays;
  const churnedBefore = ctx.window.endMicros - audience.churnDays * MICROS_PER_DAY;
  const classification =
    s.total === 0 || s.lastMicros < churnedBefore
      ? CHURNED
      : perDay >= audience.heavyPerDay
        ? HEAVY
        : perDay >= audience.moderatePerDay
          ? MODERATE
          : LIGHT;

  const incomeK = Math.max(person.incomeCents, householdIncomeCents / 3) / 100_000;
  const ageBoost = person.age >= 25 && person.age <= 54 ? 0.25 : person.age >= 75 ? -0.3 : 0;
  const logit =
    -2.6 +
    0.9 * Math.log1p(perDay * 4) +
    0.35 * Math.log1p(incomeK / 40) +
    ageBoost -
    (classification === CHURNED ? 0.8 : 0) +
    rng.normal(0, 0.45);
  const propensity = Math.round((1 / (1 + Math.exp(-logit))) * 1e6) / 1e6;

  const b = out.table('audience_attributes').view(audienceColumns);
  b.attribute.push(personId);
  b.person.push(personId);
  b.primary.pushBytes(SEGMENT[segments[0]]);
  if (segments.length > 1) b.secondary.push(segments.slice(1).map((c) => SEGMENTS[c]));
  else b.secondary.pushNull();
  b.affinity.push(CONTENT_CATEGORIES, affinity);
  b.classification.pushBytes(CLASS[classification]);
  b.propensity.push(propensity);
  if (s.total === 0) b.lifetimeValue.pushNull();
  else b.lifetimeValue.push((40 + 9 * incomeK) * (0.3 + 3 * propensity) * Math.exp(rng.normal(0, 0.25)));
  b.computedAt.push(ctx.window.asOfMicros);
  return { primarySegment: segments[0], segments, propensity, classification };
}
