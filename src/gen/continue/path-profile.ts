import type { GenContext } from '../context.js';
import type { Identifier } from '../identifiers.js';
import type { Person } from '../people.js';
import { Rng } from '../rng.js';

/** What an increment knows of a person to walk their campaign paths (paths.ts). */
export interface PathPerson {
  personId: number;
  person: Person;
  householdIncome: number;
  tastes: Float64Array;
  ratePerDay: number;
  /** The identifiers each drop of the lineage saw, by sequence (none before the household appeared); this drop's last. */
  identifiersByStep: readonly (readonly Identifier[] | undefined)[];
  /** The household's place in each drop since it appeared (moves: churn.ts). */
  placeByStep: readonly number[];
}

/** Stream of the person's path profile (paths.ts uses 106–108 per campaign). */
const PROFILE = 109;
/** As audience.ts: a secondary segment needs this affinity. */
const SECONDARY_MIN_AFFINITY = 0.12;

/**
 * A person's targeting profile for paths that span drops. A drop's audience row is computed from
 * the engagements of its rolling window, so it differs from drop to drop, and regenerating an
 * earlier drop's would mean replaying its whole rolling window again. A path must be planned the
 * same way by every drop, so it is planned from what stays the same over the lineage: segments
 * from the person's latent tastes (the audience's affinities are those tastes smoothed by the
 * engagements they drive), and a propensity with audience.ts's terms, activity being the
 * person's expected engagements per day, its noise drawn once per person.
 */
export function pathProfile(
  ctx: GenContext,
  p: PathPerson,
): { born: number; segments: number[]; propensity: number; incomeCents: number } {
  const born = p.identifiersByStep.findIndex((ids) => ids !== undefined);
  const order = Array.from(p.tastes, (_, i) => i).sort((a, b) => p.tastes[b] - p.tastes[a] || a - b);
  const segments = [order[0], ...order.slice(1, 3).filter((c) => p.tastes[c] >= SECONDARY_MIN_AFFINITY)];
  const incomeCents = Math.max(p.person.incomeCents, p.householdIncome / 3);
  const incomeK = incomeCents / 100_000;
  const age = p.person.age;
  const ageBoost = age >= 25 && age <= 54 ? 0.25 : age >= 75 ? -0.3 : 0;
  const logit =
    -2.6 +
    0.9 * Math.log1p(p.ratePerDay * 4) +
    0.35 * Math.log1p(incomeK / 40) +
    ageBoost +
    Rng.for(ctx.seedW, PROFILE, p.personId).normal(0, 0.45);
  return { born, segments, propensity: 1 / (1 + Math.exp(-logit)), incomeCents };
}
