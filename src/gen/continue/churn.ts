import { MICROS_PER_DAY, type TimeWindow } from '../../config/window.js';
import type { GenLineage, HighWater, LineageStep } from '../../lineage/types.js';
import type { GenContext } from '../context.js';
import { pickPlace } from '../geo.js';
import { INACTIVE_AFTER_DAYS, type Identifier, makeIdentifier, TYPE } from '../identifiers.js';
import { Rng } from '../rng.js';

/** Streams of the continuation, apart from the generators' own aspects so none of them moves. */
const CHURN = { move: 101, identifier: 102, newIdentifier: 103, events: 104 } as const;

/** Sequence numbers of a regenerated earlier drop: its ids never leave this run, so they start at 0. */
export const NO_IDS: HighWater = { households: 0, campaigns: 0, eventSeq: 0, exposureSeq: 0, responseSeq: 0 };

/**
 * Per week of an increment's window: share of households that move and of people with a new
 * identifier. Rates are per day (a share p per week is 1 − (1 − p)^(days/7) for any length), so
 * seven daily increments churn like one weekly one: per increment, daily drops churned 7× as much.
 */
const MOVE_SHARE_WEEK = 0.02;
const NEW_IDENTIFIER_SHARE_WEEK = 0.08;
const perWindow = (weekly: number, days: number): number => 1 - (1 - weekly) ** (days / 7);
/**
 * New identifiers are mostly fresh cookies and devices, as in real graphs, and replace a kind the
 * person already uses (a cleared cookie, a new phone, a new TV, a new address): a person without
 * an email never gains one through churn, so each type's coverage (identifiers.coverage, the
 * share of people with one) stays what the config asks however many increments follow. Drawing
 * any type let coverage creep up every increment (email +0.5 and ctv +0.8 points a week), and
 * after three weeks the coverage rules failed on a valid lineage.
 */
const NEW_TYPES = [TYPE.cookie_id, TYPE.cookie_id, TYPE.mobile_ad_id, TYPE.device_id, TYPE.ctv_id, TYPE.email_hash];

/** Parsed windows of the lineage's steps, per history array (a worker parses each once, not per identifier). */
const parsed = new WeakMap<LineageStep, TimeWindow>();

export function stepWindow(step: LineageStep): TimeWindow {
  const known = parsed.get(step);
  if (known) return known;
  const w = parseStep(step);
  parsed.set(step, w);
  return w;
}

function parseStep(step: LineageStep): TimeWindow {
  const startMicros = Date.parse(`${step.start}T00:00:00Z`) * 1000;
  const endMicros = Date.parse(`${step.end}T00:00:00Z`) * 1000 + MICROS_PER_DAY;
  return {
    startMicros,
    endMicros,
    days: (endMicros - startMicros) / MICROS_PER_DAY,
    asOfMicros: Date.parse(step.asOf) * 1000,
  };
}

/** The step in which household `index` (0-based) first appeared. */
export function birthStep(lineage: GenLineage | undefined, index: number): number {
  if (!lineage) return 0;
  return lineage.history.findIndex((s) => s.households > index);
}

/**
 * Seed of the event streams: a base uses the run's seed word; each increment its own, so the
 * next days bring new events while people, tastes and identifiers stay those of the lineage.
 */
export function eventSeed(seedW: number, lineage: GenLineage | undefined): number {
  return lineage ? new Rng(seedW ^ Math.imul(lineage.sequence, 0x9e3779b1)).u32() ^ CHURN.events : seedW;
}

/** The window and asOf a household's rows were first created in (the base's, or the increment that added it). */
export function birthWindow(ctx: GenContext, index: number): TimeWindow {
  const lineage = ctx.lineage;
  return lineage ? stepWindow(lineage.history[birthStep(lineage, index)]) : ctx.window;
}

/** Whether household `index` first appears in this increment (all its rows are new). */
export function bornNow(ctx: GenContext, index: number): boolean {
  return ctx.lineage !== undefined && birthStep(ctx.lineage, index) === ctx.lineage.sequence;
}

/** A household's place after the moves of every increment since it appeared (a new city, ZIP and state). */
export function movedPlace(
  ctx: GenContext,
  index: number,
  place: number,
): { place: number; movedNow: boolean; byStep: number[] } {
  const lineage = ctx.lineage;
  if (!lineage) return { place, movedNow: false, byStep: [place] };
  let p = place;
  let movedNow = false;
  const born = birthStep(lineage, index);
  // The place in each drop since the household appeared (its time zone shapes that drop's events).
  const byStep: number[] = [];
  byStep[born] = p;
  for (let s = born + 1; s <= lineage.sequence; s++) {
    const rng = Rng.for(ctx.seedW, CHURN.move, index, s);
    if (rng.chance(perWindow(MOVE_SHARE_WEEK, stepWindow(lineage.history[s]).days))) {
      p = pickPlace(ctx.geo, rng);
      movedNow = s === lineage.sequence;
    }
    byStep[s] = p;
  }
  return { place: p, movedNow, byStep };
}

/**
 * Replays identity churn for one person over every increment since their household appeared:
 * an identifier in use is seen in the increment's window or not, as often as its owner uses it
 * (last_seen moves forward, or stays, and the id turns inactive once unseen for
 * INACTIVE_AFTER_DAYS, the rule of identifiers.ts); one that had gone for good stays so; sometimes
 * a new identifier of a kind they already use appears, first seen inside that window.
 * Identifiers only grow, so their mapping ids (position k) are stable.
 * Returns which identifiers this increment changed (new, seen again, turned inactive): an
 * increment delivers only those rows of identity_mappings (an upsert by mapping_id).
 */
export function churnIdentifiers(
  ctx: GenContext,
  index: number,
  personId: number,
  ids: Identifier[],
  recencyDays: readonly number[] = [],
  byStep?: Identifier[][],
): boolean[] {
  const lineage = ctx.lineage;
  if (!lineage) return ids.map(() => true);
  let before: { lastSeen: number; active: boolean }[] = [];
  const born = birthStep(lineage, index);
  // Ids inactive when created had gone quiet for good (a cleared cookie, a replaced phone): never seen again.
  const gone = ids.map((id) => !id.active);
  // The identifiers as each earlier drop generated them (replayed for the rolling window: rolling.ts).
  if (byStep) byStep[born] = ids.map((id) => ({ ...id }));
  for (let s = born + 1; s <= lineage.sequence; s++) {
    if (s === lineage.sequence) before = ids.map((id) => ({ lastSeen: id.lastSeen, active: id.active }));
    const w = stepWindow(lineage.history[s]);
    for (let k = 0; k < ids.length; k++) {
      if (gone[k]) continue;
      const id = ids[k];
      const rng = Rng.for(ctx.seedW, CHURN.identifier, personId * 16 + k, s);
      // Sightings come as its owner uses it, a Poisson stream of mean gap recencyDays[k]
      // (observed-through.ts meanRecencyDays): the time back from the window's end to the last
      // one is exponential, and past the window's start it was not seen here at all. So a heavy
      // user's phone is seen in every daily drop and a light user's tablet skips weeks; an id
      // unseen for INACTIVE_AFTER_DAYS turns inactive, and active again when next seen.
      const back = Math.floor(rng.exponential(recencyDays[k] ?? 3) * MICROS_PER_DAY);
      if (back < w.endMicros - w.startMicros) id.lastSeen = Math.max(id.lastSeen, w.endMicros - 1 - back);
    }
    for (const id of ids) id.active = id.lastSeen >= w.asOfMicros - INACTIVE_AFTER_DAYS * MICROS_PER_DAY;
    const rng = Rng.for(ctx.seedW, CHURN.newIdentifier, personId, s);
    const owned = NEW_TYPES.filter((t) => ids.some((id) => id.type === t));
    if (ids.length < 16 && owned.length > 0 && rng.chance(perWindow(NEW_IDENTIFIER_SHARE_WEEK, w.days))) {
      const type = owned[rng.int(owned.length)];
      const fresh = makeIdentifier(rng, ctx.seedW, type, personId * 16 + ids.length, w, 0);
      const firstSeen = w.startMicros + Math.floor(rng.next() * (w.endMicros - w.startMicros));
      const lastSeen = firstSeen + Math.floor(rng.next() * (w.endMicros - firstSeen));
      ids.push({ ...fresh, firstSeen, lastSeen, active: true });
      gone.push(false);
    }
    if (byStep && s < lineage.sequence) byStep[s] = ids.map((id) => ({ ...id }));
  }
  // A household born in this increment: `before` stayed empty, so every identifier is new.
  return ids.map((id, k) => k >= before.length || id.lastSeen !== before[k].lastSeen || id.active !== before[k].active);
}
