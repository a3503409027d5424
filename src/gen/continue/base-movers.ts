import { MICROS_PER_DAY } from '../../config/window.js';
import { CHANNELS } from '../../schema/domains.js';
import type { Audience } from '../audience.js';
import {
  CHANNEL_RESPONSE,
  campaignRate,
  DELAY_HOURS,
  type Exposure,
  FOLLOW_UP,
  GOAL_RESPONSE,
  responseTime,
  TYPE_MIX,
  WARM_RESPONSE,
  writeExposure,
  writeResponse,
} from '../campaign-activity.js';
import type { Campaign } from '../campaigns.js';
import type { ChunkOutput } from '../chunk-output.js';
import type { GenContext } from '../context.js';
import { CONVERSION, type Touch, writeOutcomes } from '../outcomes.js';
import { Rng } from '../rng.js';
import type { LocalTime } from '../time-zones.js';
import { drawPathExposures, reachOf } from './path-exposures.js';
import { moverNumbers } from './path-ids.js';
import { LOOKBACK_MICROS, type PathPerson, pathStatus, settle, setup } from './paths.js';

/**
 * People a base campaign did not reach in the base, who enter its targets later in its flight
 * (their audience row changes): ad serving targets at delivery time, so the drops after the base
 * reach them by their own audience rows, as they reach the people the base reached
 * (base-paths.ts). The base drew "not reached" as u ≥ its reach; u is drawn again above it (one
 * draw per path), and a drop reaches the person when u is below its own reach. Such a person's
 * exposures in a drop's part of the flight are drawn as paths.ts draws them (that part's share of
 * the flight's exposures, at online hours, through a live identifier), their responses likewise;
 * numbered in a range of their own (path-ids.ts).
 */

/** Streams (base-paths.ts uses 111–114). */
const MOVER = 115;
const MOVER_ROW = 116;
const MOVER_RESPONSE = 117;

interface Planned extends Exposure {
  step: number;
  zone: number;
  propensity: number;
  /** Place in the person's path on the campaign: its exposure and response numbers. */
  x: number;
}

/** The exposures of one such path over the drops after the base (see above), in time order. */
function exposuresOf(
  ctx: GenContext,
  c: Campaign,
  p: PathPerson,
  u: number,
  clock: LocalTime,
  baseCampaigns: number,
): Planned[] {
  const cap = ctx.config.campaigns.frequencyCap;
  return drawPathExposures(ctx, setup(ctx).windows, c, p, clock, 1, u, MOVER, (d) => {
    const x = cap * (c.id - 1) + d.k;
    return {
      id: p.personId * ctx.idSpan + moverNumbers(ctx.idSpan, cap, baseCampaigns, x).exposure,
      micros: d.micros,
      channel: d.channel,
      step: d.step,
      zone: d.zone,
      propensity: d.audience.propensity,
      x,
    };
  });
}

/** Whether any drop after the base has an audience row whose reach (reachOf) can differ from the base's. */
function reachChanged(base: Audience, audiences: readonly (Audience | undefined)[], now: number): boolean {
  for (let s = 1; s <= now; s++) {
    const a = audiences[s];
    if (!a) continue;
    if ((a.classification === 3) !== (base.classification === 3) || a.segments.length !== base.segments.length)
      return true;
    for (const seg of a.segments) if (!base.segments.includes(seg)) return true;
  }
  return false;
}

/**
 * This drop's part of the paths of base campaigns still reaching it, for a person the base did not
 * reach on them (`reached`: the campaign ids it did); `baseReach` is the person's reach by the
 * base's audience row.
 */
export function writeMoverPaths(
  ctx: GenContext,
  out: ChunkOutput,
  p: PathPerson,
  campaigns: readonly Campaign[],
  reached: ReadonlySet<number>,
  baseAudience: Audience,
  clock: { localTime: LocalTime; hourWeights: Float64Array },
  baseCampaigns: number,
  model: number,
): number {
  const { windows } = setup(ctx);
  const now = windows.length - 1;
  const cfg = ctx.config.campaigns;
  const baseEndDay = Math.floor(windows[0].endMicros / MICROS_PER_DAY);
  let responseSeq = 0;
  // Most people's reach is what it was in the base on every campaign (their targeting is unchanged):
  // none can be a mover, and checking each campaign for them was a third of this drop's deliveries.
  if (!reachChanged(baseAudience, p.audiences, now)) return 0;
  for (const c of campaigns) {
    // Past its flight and lookback, nothing of the path can land here any more.
    if (reached.has(c.id) || c.endDay < baseEndDay) continue;
    if ((c.endDay + 1) * MICROS_PER_DAY + LOOKBACK_MICROS <= ctx.window.startMicros) continue;
    const baseReach = reachOf(ctx, c, baseAudience);
    // Only someone whose reach rose after the base can be reached now (u ≥ the base's reach).
    let most = 0;
    for (let s = 1; s <= now; s++) {
      const a = p.audiences[s];
      if (a) most = Math.max(most, reachOf(ctx, c, a));
    }
    if (most <= baseReach) continue;
    const u = baseReach + Rng.for(ctx.seedW, MOVER, p.personId, c.id * 1024).next() * (1 - baseReach);
    if (u >= most) continue;
    const exposures = exposuresOf(ctx, c, p, u, clock.localTime, baseCampaigns);
    if (exposures.length === 0) continue;
    const land = (micros: number, type: number, e: Exposure) => settle(windows, p.identifiersByStep, micros, type, e);
    const value = (r: Rng) => Math.round(6500 * (1 + p.incomeCents / 20_000_000) * Math.exp(r.normal(0, 0.7)));
    const touches: Touch[] = [];
    let added = false;
    const add = (e: Exposure, touch: Touch, step: number) => {
      touches.push(touch);
      if (step !== now) return;
      writeResponse(out, p.personId, c, e, touch);
      responseSeq = Math.max(responseSeq, touch.id - p.personId * ctx.idSpan + 1);
      added = true;
    };
    for (const e of exposures) {
      if (e.step === now)
        writeExposure(
          out,
          Rng.for(ctx.seedW, MOVER_ROW, p.personId, e.x),
          p.personId,
          c,
          e,
          cfg.cpm[CHANNELS[e.channel]],
        );
      const rk = Rng.for(ctx.seedW, MOVER_RESPONSE, p.personId, e.x);
      const warm = touches.some((t) => t.micros < e.micros);
      const pr =
        campaignRate(ctx, c.id) *
        (0.25 + 2.5 * e.propensity) *
        CHANNEL_RESPONSE[e.channel] *
        GOAL_RESPONSE[c.goal] *
        (warm ? WARM_RESPONSE : 1);
      if (!rk.chance(Math.min(1, pr))) continue;
      const type = rk.pickCumulative(TYPE_MIX[c.goal]);
      const micros = responseTime(clock, rk, e.zone, e.micros, DELAY_HOURS[type] * Math.exp(rk.normal(0, 1.1)));
      // Drawn whether or not it lands here, so every drop draws the rest alike.
      const valueCents = type === CONVERSION ? value(rk) : -1;
      const landed = land(micros, type, e);
      if (landed < 0) continue;
      const id = p.personId * ctx.idSpan + moverNumbers(ctx.idSpan, cfg.frequencyCap, baseCampaigns, e.x).response;
      add(e, { id, type, micros, valueCents }, landed);
      if (type === CONVERSION || !rk.chance(FOLLOW_UP[c.goal])) continue;
      const at = responseTime(clock, rk, e.zone, micros, DELAY_HOURS[CONVERSION] * Math.exp(rk.normal(0, 1.1)));
      const conversionValue = value(rk);
      const next = land(at, CONVERSION, e);
      if (next >= 0) add(e, { id: id - 1, type: CONVERSION, micros: at, valueCents: conversionValue }, next);
    }
    const status = pathStatus(ctx, p.personId);
    if (added) writeOutcomes(ctx, Rng.for(ctx.seedW, MOVER_ROW, p.personId), out, c, touches, model, status);
  }
  return responseSeq;
}
