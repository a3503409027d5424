import { MICROS_PER_DAY } from '../config/window.js';
import { CONTENT_CATEGORIES } from '../schema/domains.js';
import type { GenContext } from './context.js';
import type { Person } from './people.js';
import { ASPECT, Rng } from './rng.js';

/** Share of people who stop engaging during the window (churn), before its last `churnDays`. */
const CHURN_SHARE = 0.12;
const [NEWS, SPORTS, , EDUCATION, TECH, MUSIC, , BUSINESS, GAMING, KIDS] = CONTENT_CATEGORIES.map((_, i) => i);

/**
 * A person's latent tastes: category popularity (engagement.categories), tilted by age, gender, education and household
 * (families watch Kids content), times a strong personal factor, so people have favourites.
 */
export function drawTastes(ctx: GenContext, rng: Rng, person: Person, householdSize: number): Float64Array {
  // Plain loops (not Float64Array.from with a callback, nor reduce): once per person, same draws in the same order.
  const t = new Float64Array(ctx.categoryWeights.length);
  for (let i = 0; i < t.length; i++) t[i] = ctx.categoryWeights[i] * Math.exp(rng.normal(0, 1.1));
  if (person.age < 30) {
    t[GAMING] *= 2.2;
    t[MUSIC] *= 1.6;
    t[NEWS] *= 0.55;
  }
  if (person.age >= 55) {
    t[NEWS] *= 1.9;
    t[GAMING] *= 0.3;
    t[BUSINESS] *= 1.2;
  }
  t[KIDS] *= householdSize >= 3 && person.age >= 26 && person.age <= 55 ? 2.4 : 0.35;
  if (person.gender === 0) t[SPORTS] *= 1.5;
  if (person.education >= 2) {
    t[TECH] *= 1.3;
    t[BUSINESS] *= 1.4;
    t[EDUCATION] *= 1.3;
  }
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += t[i];
  for (let i = 0; i < t.length; i++) t[i] /= sum;
  return t;
}

/** Mean-preserving log-normal activity (a long heavy-user tail), and when a churner stops. */
export function drawActivity(ctx: GenContext, rng: Rng, person: Person): { ratePerDay: number; activeUntil: number } {
  const { perPersonPerDay, activitySigma } = ctx.config.engagement;
  const ageFactor = person.age < 35 ? 1.15 : person.age >= 65 ? 0.8 : 1;
  const ratePerDay =
    perPersonPerDay * ageFactor * Math.exp(rng.normal((-activitySigma * activitySigma) / 2, activitySigma));
  const { startMicros, endMicros } = ctx.window;
  const churnCutoff = endMicros - ctx.config.audience.churnDays * MICROS_PER_DAY;
  const activeUntil =
    churnCutoff > startMicros && rng.chance(CHURN_SHARE)
      ? startMicros + Math.floor(rng.next() * (churnCutoff - startMicros))
      : endMicros;
  return { ratePerDay, activeUntil };
}

/**
 * A person's tastes and activity, from their own stream (the run's seed, not the event seed): the
 * identifiers (how recently each was seen) and the events both derive from it.
 */
export function personBehaviour(ctx: GenContext, personId: number, person: Person, householdSize: number) {
  // The core tables (identifier recency) and the events both ask, one household after the
  // other: the second ask gets the first answer (read-only to both) instead of drawing it again.
  const slot = person.index & 15;
  const hit = remembered[slot];
  if (hit && hit.ctx === ctx && hit.personId === personId && hit.person === person && hit.size === householdSize)
    return hit.value;
  const rng = Rng.for(ctx.seedW, ASPECT.tastes, personId);
  const tastes = drawTastes(ctx, rng, person, householdSize);
  const value = { tastes, ...drawActivity(ctx, rng, person) };
  remembered[slot] = { ctx, personId, person, size: householdSize, value };
  return value;
}

type Behaviour = { tastes: Float64Array; ratePerDay: number; activeUntil: number };
/** The last answer per member index (individual ids are household id × 16 + index). */
const remembered: (
  | { ctx: GenContext; personId: number; person: Person; size: number; value: Behaviour }
  | undefined
)[] = [];
