import { MICROS_PER_DAY } from '../../config/window.js';
import { noteSeq } from '../../lineage/high-water.js';
import { ATTRIBUTION_MODELS, CHANNELS } from '../../schema/domains.js';
import { type Audience, writeAudience } from '../audience.js';
import {
  CHANNEL_RESPONSE,
  type CampaignTap,
  campaignRate,
  liveChannel,
  DELAY_HOURS,
  type Exposure,
  FOLLOW_UP,
  GOAL_RESPONSE,
  responseTime,
  TYPE_MIX,
  WARM_RESPONSE,
  writeCampaignActivity,
  writeExposure,
  writeResponse,
} from '../campaign-activity.js';
import { buildCampaigns, type Campaign, flightSpan } from '../campaigns.js';
import type { ChunkOutput } from '../chunk-output.js';
import type { GenContext } from '../context.js';
import type { EngagementSummary } from '../engagements.js';
import type { Identifier } from '../identifiers.js';
import { CONVERSION, type Touch, writeOutcomes } from '../outcomes.js';
import type { Person } from '../people.js';
import { ASPECT, Rng } from '../rng.js';
import { localTime } from '../time-zones.js';
import { stepWindow } from './churn.js';
import { LOOKBACK_MICROS, type PathPerson, pathStatus, settle, setup, stepAt } from './paths.js';
import { writeMoverPaths } from './base-movers.js';
import { reachOf } from './path-exposures.js';
import { baseRunning } from './running.js';

/**
 * The base's paths continue too. A base is the snapshot it always was (its bytes do not change):
 * it holds what happened in its window. Its flights may run on past it (campaigns.ts), and a
 * response may come after it. What a base person's campaign activity leaves for later drops (a
 * BaseReplay) is saved with each drop (path-state.ts) and read by the next increment; without it,
 * the increment replays the person's base campaign activity exactly (the base's audience row
 * rebuilt from the replayed engagements of the whole base window, step-audience.ts). It delivers
 * what of it falls in its own window:
 * - the exposures the base drew after its window (the base decided how often and when the person
 *   sees the campaign over the whole flight), each through an identifier the drop holding it sees
 *   at that moment, on one of the campaign's channels live then; the responses they lead to, as
 *   the base would have drawn them (its propensity, channel and goal odds, warmed by an earlier
 *   touch);
 * - late responses to the base's own exposures, within the lookback, through an identifier it
 *   sees, with the conversion a late click, visit or engagement may lead to;
 * then the path's outcomes again, over the base's touches (with the base's no_action draws) and
 * the new ones.
 */

/** Stream of a late response's value and follow-up (paths.ts uses 106–110). */
const LATE = 111;
/** Streams of an exposure the base drew after its window: its row, and its channel and responses. */
const AHEAD_ROW = 112;
const AHEAD = 113;
const AHEAD_REACH = 114;

export interface BasePath {
  c: Campaign;
  touches: Touch[];
  late: { e: Exposure; type: number; micros: number; followUp: boolean }[];
  ahead: { e: Exposure; weights: readonly number[] }[];
}

/**
 * Whether the base's paths reach into this increment's window: a base campaign still running
 * here, or in the lookback after its flight (runningCampaigns holds those).
 */
export function baseReaches(ctx: GenContext): boolean {
  return ctx.lineage!.history[1]?.campaigns !== undefined && baseRunning(ctx.lineage!, ctx.running);
}

interface BaseSetup {
  campaigns: Campaign[];
  /** How many campaigns the base has (those it carried in included). */
  total: number;
  /** The base's own local-time table (over its flights, as createContext built it). */
  baseClock: ReturnType<typeof localTime>;
  clock: { localTime: ReturnType<typeof localTime>; hourWeights: Float64Array };
}
const setups = new WeakMap<GenContext, BaseSetup>();

/**
 * The base's campaigns to replay: its activity draws from one stream across them, in order, so
 * each one's draws depend on all before it, and none on those after the last whose lookback
 * reaches this window: those are left out.
 */
function replayed(campaigns: Campaign[], windowStart: number): Campaign[] {
  const firstDay = Math.floor(windowStart / MICROS_PER_DAY);
  let last = -1;
  campaigns.forEach((c, i) => {
    if ((c.endDay + 1) * MICROS_PER_DAY + LOOKBACK_MICROS >= firstDay * MICROS_PER_DAY) last = i;
  });
  return campaigns.slice(0, last + 1);
}

/** The base's campaigns, as the base drew them (its count and flight lengths), and a clock past its window. */
function baseSetup(ctx: GenContext): BaseSetup {
  const known = setups.get(ctx);
  if (known) return known;
  const step = ctx.lineage!.history[0];
  const w = stepWindow(step);
  const { count, minDays, maxDays } = step.campaigns ?? ctx.config.campaigns;
  const drawn = { ...ctx.config, campaigns: { ...ctx.config.campaigns, count, minDays, maxDays } };
  const all = buildCampaigns(drawn, ctx.seedW, w);
  const flights = flightSpan(w, all);
  const end = flights.endMicros + LOOKBACK_MICROS + 2 * MICROS_PER_DAY;
  const s = {
    campaigns: replayed(all, ctx.window.startMicros),
    total: all.length,
    baseClock: localTime(flights),
    clock: {
      localTime: localTime({ ...w, endMicros: end, days: (end - w.startMicros) / MICROS_PER_DAY }),
      hourWeights: ctx.hourWeights,
    },
  };
  setups.set(ctx, s);
  return s;
}

/** What a base person's campaign activity leaves for the drops after the base (see above). */
export interface BaseReplay {
  /** The paths with late responses or exposures after the base's window. */
  paths: BasePath[];
  /** The base's no-action draw per touch id (of those paths' touches). */
  noAction: Map<number, boolean>;
  /** The person's base audience row. */
  audience: Audience;
  /** The campaigns the base reached the person on. */
  reached: Set<number>;
}

/**
 * A tap that keeps what an increment needs of one person's base campaign activity: the base
 * itself passes one while generating (src/gen/continue/path-state.ts saves it), an increment
 * without that state passes one to its replay. Taps change no draw (campaign-activity.ts).
 */
export function baseTap(audience: Audience): { tap: CampaignTap; result: () => BaseReplay } {
  const paths: BasePath[] = [];
  const noAction = new Map<number, boolean>();
  const reached = new Set<number>();
  let current: BasePath | undefined;
  const open = (c: Campaign): BasePath => {
    if (current?.c !== c) {
      current = { c, touches: [], late: [], ahead: [] };
      paths.push(current);
    }
    return current;
  };
  const tap: CampaignTap = {
    path: (c, _exposures, touches) => {
      reached.add(c.id);
      open(c).touches = [...touches];
    },
    status: (touch, drawn) => {
      noAction.set(touch.id, drawn);
      return drawn;
    },
    late: (c, e, type, micros, followUp) => {
      open(c).late.push({ e, type, micros, followUp });
    },
    ahead: (c, e, weights) => {
      open(c).ahead.push({ e, weights });
    },
  };
  const result = (): BaseReplay => {
    const kept = paths.filter((p) => p.late.length > 0 || p.ahead.length > 0);
    // Only the kept paths' touches are looked up again (writeBasePaths).
    const statuses = new Map<number, boolean>();
    for (const p of kept)
      for (const t of p.touches) {
        const drawn = noAction.get(t.id);
        if (drawn !== undefined) statuses.set(t.id, drawn);
      }
    return { paths: kept, noAction: statuses, audience, reached };
  };
  return { tap, result };
}

/** Replays one base person's campaign activity (rows discarded) and keeps its paths. */
export function replayBasePaths(
  base: GenContext,
  ctx: GenContext,
  scratch: ChunkOutput,
  who: { personId: number; person: Person; householdIncome: number; tastes: Float64Array },
  identifiers: readonly Identifier[],
  zone: number,
  summary: EngagementSummary,
): BaseReplay {
  const { campaigns, baseClock } = baseSetup(ctx);
  const baseCtx: GenContext = { ...base, campaigns, running: [], lineage: undefined, localTime: baseClock };
  const { personId, person, householdIncome, tastes } = who;
  const audience: Audience = writeAudience(
    baseCtx,
    Rng.for(baseCtx.eventSeedW, ASPECT.audience, personId),
    scratch,
    personId,
    person,
    householdIncome,
    tastes,
    summary,
    baseCtx.window.days,
  );
  const { tap, result } = baseTap(audience);
  writeCampaignActivity(
    baseCtx,
    Rng.for(baseCtx.eventSeedW, ASPECT.exposure, personId),
    scratch,
    personId,
    audience,
    identifiers,
    Math.max(person.incomeCents, householdIncome / 3),
    zone,
    summary.total,
    tap,
  );
  return result();
}

/**
 * The base campaigns an increment replays (baseSetup): a saved record (path-state.ts) holds the
 * base's paths on all its campaigns, of which only these are the replay's.
 */
export function replayedCampaigns(ctx: GenContext): readonly Campaign[] {
  return baseSetup(ctx).campaigns;
}

/** The first microsecond of the lineage's base window (this drop's own, in a base). */
export function baseWindowStart(ctx: GenContext): number {
  return ctx.lineage ? stepWindow(ctx.lineage.history[0]).startMicros : ctx.window.startMicros;
}

/** Delivers what of the base's paths falls in this increment's window (see above), and their outcomes again. */
export function writeBasePaths(
  ctx: GenContext,
  out: ChunkOutput,
  p: PathPerson,
  zone: number,
  replay: BaseReplay,
): void {
  const { windows } = setup(ctx);
  const { clock, campaigns, total } = baseSetup(ctx);
  const now = windows.length - 1;
  const model = ATTRIBUTION_MODELS.indexOf(ctx.config.responses.attributionModel);
  const land = (micros: number, type: number, e: Exposure) => settle(windows, p.identifiersByStep, micros, type, e);
  const value = (r: Rng) => Math.round(6500 * (1 + p.incomeCents / 20_000_000) * Math.exp(r.normal(0, 0.7)));
  let responseSeq = 0;
  for (const path of replay.paths) {
    const touches = [...path.touches];
    let added = false;
    const add = (e: Exposure, touch: Touch, step: number) => {
      touches.push(touch);
      if (step !== now) return;
      writeResponse(out, p.personId, path.c, e, touch);
      responseSeq = Math.max(responseSeq, touch.id - p.personId * ctx.idSpan + 1);
      added = true;
    };
    for (const l of path.late) {
      // Numbered down from the top of the person's 2^16 (path-ids.ts): 2 per base exposure.
      const n = ctx.idSpan - 1 - 2 * (l.e.id - p.personId * ctx.idSpan) - (l.followUp ? 1 : 0);
      const rng = Rng.for(ctx.seedW, LATE, p.personId, n);
      const step = land(l.micros, l.type, l.e);
      if (step < 0) continue;
      const id = p.personId * ctx.idSpan + n;
      add(l.e, { id, type: l.type, micros: l.micros, valueCents: l.type === CONVERSION ? value(rng) : -1 }, step);
      if (l.followUp || l.type === CONVERSION || !rng.chance(FOLLOW_UP[path.c.goal])) continue;
      const at = responseTime(clock, rng, zone, l.micros, DELAY_HOURS[CONVERSION] * Math.exp(rng.normal(0, 1.1)));
      const next = land(at, CONVERSION, l.e);
      if (next >= 0) add(l.e, { id: id - 1, type: CONVERSION, micros: at, valueCents: value(rng) }, next);
    }
    // The exposures the base drew after its window, in time order: a response before one warms it up.
    const ahead = [...path.ahead].sort((a, b) => a.e.micros - b.e.micros || a.e.id - b.e.id);
    // Ad serving targets at delivery time: the drop holding an exposure serves it only if the person
    // is within reach by its own audience row. The base drew "reached" as u < its reach; u is drawn
    // again below it (one draw per path), so a person whose targeting does not change stays reached,
    // and one who left the targets is reached at the off-target rate, as in paths.ts.
    const u = Rng.for(ctx.seedW, AHEAD_REACH, p.personId, path.c.id).next() * reachOf(ctx, path.c, replay.audience);
    for (const a of ahead) {
      const step = stepAt(windows, a.e.micros);
      const ids = step >= 0 ? p.identifiersByStep[step] : undefined;
      const audience = step >= 0 ? p.audiences[step] : undefined;
      if (!ids || !audience || u >= reachOf(ctx, path.c, audience)) continue;
      const k = a.e.id - p.personId * ctx.idSpan;
      const rng = Rng.for(ctx.seedW, AHEAD, p.personId, k);
      const channel = liveChannel(rng, path.c, a.weights, ids, a.e.micros);
      if (channel < 0) continue;
      const e: Exposure = { id: a.e.id, micros: a.e.micros, channel };
      if (step === now)
        writeExposure(
          out,
          Rng.for(ctx.seedW, AHEAD_ROW, p.personId, k),
          p.personId,
          path.c,
          e,
          ctx.config.campaigns.cpm[CHANNELS[e.channel]],
        );
      const warm = touches.some((t) => t.micros < e.micros);
      const pr =
        campaignRate(ctx, path.c.id) *
        (0.25 + 2.5 * audience.propensity) *
        CHANNEL_RESPONSE[e.channel] *
        GOAL_RESPONSE[path.c.goal] *
        (warm ? WARM_RESPONSE : 1);
      if (!rng.chance(Math.min(1, pr))) continue;
      const type = rng.pickCumulative(TYPE_MIX[path.c.goal]);
      const micros = responseTime(clock, rng, zone, e.micros, DELAY_HOURS[type] * Math.exp(rng.normal(0, 1.1)));
      // Drawn whether or not it lands here, so every drop draws the rest alike.
      const valueCents = type === CONVERSION ? value(rng) : -1;
      const landed = land(micros, type, e);
      if (landed < 0) continue;
      // Numbered as a late response to base exposure k would be: an exposure is one or the other.
      const id = p.personId * ctx.idSpan + ctx.idSpan - 1 - 2 * k;
      add(e, { id, type, micros, valueCents }, landed);
      if (type === CONVERSION || !rng.chance(FOLLOW_UP[path.c.goal])) continue;
      const at = responseTime(clock, rng, zone, micros, DELAY_HOURS[CONVERSION] * Math.exp(rng.normal(0, 1.1)));
      const conversionValue = value(rng);
      const next = land(at, CONVERSION, e);
      if (next >= 0) add(e, { id: id - 1, type: CONVERSION, micros: at, valueCents: conversionValue }, next);
    }
    const drawn = pathStatus(ctx, p.personId);
    const status = (r: Touch) => replay.noAction.get(r.id) ?? drawn(r);
    if (added) writeOutcomes(ctx, Rng.for(ctx.seedW, LATE, p.personId), out, path.c, touches, model, status);
  }
  const movers = writeMoverPaths(ctx, out, p, campaigns, replay.reached, replay.audience, clock, total, model);
  noteSeq('responseSeq', Math.max(responseSeq, movers));
}
