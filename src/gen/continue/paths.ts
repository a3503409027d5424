import { MICROS_PER_DAY, type TimeWindow } from '../../config/window.js';
import { noteSeq } from '../../lineage/high-water.js';
import { ATTRIBUTION_MODELS, CHANNELS } from '../../schema/domains.js';
import {
  CHANNEL_RESPONSE,
  campaignRate,
  DELAY_HOURS,
  type Exposure,
  FOLLOW_UP,
  GOAL_RESPONSE,
  observed,
  responseTime,
  TYPE_MIX,
  WARM_RESPONSE,
  writeExposure,
  writeResponse,
} from '../campaign-activity.js';
import type { Campaign } from '../campaigns.js';
import type { ChunkOutput } from '../chunk-output.js';
import type { GenContext } from '../context.js';
import type { Audience } from '../audience.js';
import type { Identifier } from '../identifiers.js';
import { CONVERSION, type Touch, writeOutcomes } from '../outcomes.js';
import { Rng } from '../rng.js';
import { type LocalTime, localTime } from '../time-zones.js';
import { stepWindow } from './churn.js';
import { campaignStep, LOOKBACK_DAYS } from './running.js';
import { drawPathExposures } from './path-exposures.js';
import { pathIdStart } from './path-ids.js';

/**
 * Paths that span drops. In an increment, a person's path on a campaign (exposures, the responses
 * they lead to, the outcomes crediting them) covers the campaign's whole flight and lookback,
 * whichever drops those days fall in:
 *
 * - each drop decides the exposures of the flight's days in its window, as ad serving does at
 *   delivery time: by its own audience row (segments, class, propensity), its identifiers and
 *   its engagements, with a stream of its own per (person, campaign, drop); one uniform draw per
 *   path says whether the person is within reach, so a person stays reached while their targeting
 *   does not change;
 * - a response is decided by the drop whose window holds it (with the identifiers that drop saw),
 *   so it may follow an exposure of an earlier drop; what lies after this drop's window is left to
 *   a later drop, which decides it the same way.
 *
 * Drop N walks every path from its start: the earlier drops' parts are regenerated, not delivered
 * (like the rolling window's engagements, rolling.ts), from their identifiers (churn.ts) and their
 * audience rows (step-audience.ts). Outcomes are recomputed over the whole path whenever a drop
 * adds a touch to it and delivered as an upsert (outcome_id = response_id), so attribution sums
 * to 1 per path over the drops loaded. Ids are derived (path-ids.ts), so every drop numbers an
 * event alike. A base's campaigns keep their own paths (campaign-activity.ts), the base deciding
 * them over the whole flight; the drops after it deliver what falls in their windows
 * (base-paths.ts, base-movers.ts).
 */

/** What an increment knows of a person to walk their campaign paths. */
export interface PathPerson {
  personId: number;
  incomeCents: number;
  /** The drop the household appeared in. */
  born: number;
  /** The identifiers each drop saw, by sequence (none before the household appeared); this drop's last. */
  identifiersByStep: readonly (readonly Identifier[] | undefined)[];
  /** The household's place in each drop since it appeared (moves: churn.ts). */
  placeByStep: readonly number[];
  /** Each drop's audience row, by sequence, from the first that started a running campaign; this drop's last. */
  audiences: readonly (Audience | undefined)[];
  /** Each drop's engagements in its own window, by sequence (as audiences). */
  engagements: readonly number[];
}

/** Streams of the paths, apart from every other aspect (churn.ts uses 101–104, the ASPECTs up to 16). */
const PATH = 106;
const PATH_ROW = 107;
const PATH_STATUS = 108;
const PATH_RESPONSE = 110;
export const LOOKBACK_MICROS = LOOKBACK_DAYS * MICROS_PER_DAY;

/**
 * Whether a path's touch ends in no_action (outcomes.ts), drawn from the touch's own number
 * within the person's ids, so every drop that recomputes the path's outcomes draws it alike.
 */
export const pathStatus =
  (ctx: GenContext, personId: number) =>
  (r: Touch): boolean =>
    Rng.for(ctx.seedW, PATH_STATUS, personId, r.id - personId * ctx.idSpan).chance(0.25);
/** settle(): the instant lies after this drop's window, so a later drop decides it. */
export const LATER = -1;
/** settle(): not generated (past the lookback, or no identifier of its kind seen then). */
export const NONE = -2;

interface PathCampaign {
  c: Campaign;
  /** The lineage step that started it. */
  step: number;
  /** First exposure sequence number of its paths. */
  firstSeq: number;
  /** Local time over its flight and lookback (a drop's own table covers only its window). */
  clock: { localTime: LocalTime; hourWeights: Float64Array };
}

interface Setup {
  /** Windows of the lineage's drops, by sequence, this one last. */
  windows: TimeWindow[];
  campaigns: PathCampaign[];
}

interface Planned extends Exposure {
  seq: number;
  step: number;
  zone: number;
  propensity: number;
  rng: Rng;
}

interface PlannedTouch {
  touch: Touch;
  step: number;
  exposure: Planned;
}

const setups = new WeakMap<GenContext, Setup>();

export function setup(ctx: GenContext): Setup {
  const known = setups.get(ctx);
  if (known) return known;
  const lineage = ctx.lineage!;
  const windows = lineage.history.map((s) => stepWindow(s));
  // The base's campaigns keep their own paths (base-paths.ts).
  const campaigns = [...ctx.running, ...ctx.campaigns]
    .filter((c) => campaignStep(lineage, c.id) > 0)
    .sort((a, b) => a.id - b.id)
    .map((c) => {
      const start = c.startDay * MICROS_PER_DAY;
      const end = (c.endDay + 2 + LOOKBACK_DAYS) * MICROS_PER_DAY;
      const flight = { startMicros: start, endMicros: end, days: (end - start) / MICROS_PER_DAY, asOfMicros: end };
      return {
        c,
        step: campaignStep(lineage, c.id),
        firstSeq: pathIdStart(ctx.config, c.id),
        clock: { localTime: localTime(flight), hourWeights: ctx.hourWeights },
      };
    });
  const s = { windows, campaigns };
  setups.set(ctx, s);
  return s;
}

/** The drop whose window holds instant t, or LATER when it is after this drop's window. */
export function stepAt(windows: readonly TimeWindow[], t: number): number {
  if (t >= windows[windows.length - 1].endMicros) return LATER;
  for (let s = windows.length - 1; s > 0; s--) if (t >= windows[s].startMicros) return s;
  return 0;
}

/** Where a response to exposure e lands: the drop whose window holds it, LATER, or NONE. */
export function settle(
  windows: readonly TimeWindow[],
  identifiersByStep: PathPerson['identifiersByStep'],
  micros: number,
  type: number,
  e: Exposure,
): number {
  if (micros - e.micros > LOOKBACK_MICROS) return NONE;
  const step = stepAt(windows, micros);
  if (step === LATER) return LATER;
  return observed(identifiersByStep[step] as Identifier[], type, e, micros) ? step : NONE;
}

/** The exposures of one path, by the drops that decide them (see above), in time order. */
function exposuresOf(ctx: GenContext, windows: readonly TimeWindow[], pc: PathCampaign, p: PathPerson): Planned[] {
  const { c, clock } = pc;
  const within = Rng.for(ctx.seedW, PATH, p.personId, c.id * 1024).next();
  const from = Math.max(pc.step, p.born);
  return drawPathExposures(ctx, windows, c, p, clock.localTime, from, within, PATH, (d) => {
    const seq = pc.firstSeq + d.k;
    return {
      id: p.personId * ctx.idSpan + seq,
      seq,
      micros: d.micros,
      channel: d.channel,
      step: d.step,
      zone: d.zone,
      propensity: d.audience.propensity,
      rng: Rng.for(ctx.seedW, PATH_RESPONSE, p.personId, c.id * 1024 + d.k),
    };
  });
}

/** Campaign activity of one person in an increment: this drop's part of each path (see above). */
export function writePathActivity(ctx: GenContext, out: ChunkOutput, p: PathPerson): void {
  const { windows, campaigns } = setup(ctx);
  const now = windows.length - 1;
  const model = ATTRIBUTION_MODELS.indexOf(ctx.config.responses.attributionModel);
  const cfg = ctx.config.campaigns;
  let exposureSeq = 0;
  let responseSeq = 0;
  for (const pc of campaigns) {
    const { c, clock } = pc;
    const exposures = exposuresOf(ctx, windows, pc, p);
    if (exposures.length === 0) continue;

    const land = (micros: number, type: number, e: Planned) => settle(windows, p.identifiersByStep, micros, type, e);
    const value = (r: Rng) => Math.round(6500 * (1 + p.incomeCents / 20_000_000) * Math.exp(r.normal(0, 0.7)));
    const rate = campaignRate(ctx, c.id);
    const touches: PlannedTouch[] = [];
    for (const e of exposures) {
      const rk = e.rng;
      // Warmed up by a response before this exposure (one known to every drop that knows the exposure).
      const warm = touches.some((t) => t.touch.micros < e.micros);
      const pr =
        rate *
        (0.25 + 2.5 * e.propensity) *
        CHANNEL_RESPONSE[e.channel] *
        GOAL_RESPONSE[c.goal] *
        (warm ? WARM_RESPONSE : 1);
      if (!rk.chance(Math.min(1, pr))) continue;
      const type = rk.pickCumulative(TYPE_MIX[c.goal]);
      const micros = responseTime(clock, rk, e.zone, e.micros, DELAY_HOURS[type] * Math.exp(rk.normal(0, 1.1)));
      const step = land(micros, type, e);
      if (step < 0) continue;
      const id = p.personId * ctx.idSpan + 2 * e.seq;
      touches.push({
        touch: { id, type, micros, valueCents: type === CONVERSION ? value(rk) : -1 },
        step,
        exposure: e,
      });
      if (type === CONVERSION || !rk.chance(FOLLOW_UP[c.goal])) continue;
      // The funnel's next step: a conversion after this touch, credited to the same exposure.
      const at = responseTime(clock, rk, e.zone, micros, DELAY_HOURS[CONVERSION] * Math.exp(rk.normal(0, 1.1)));
      const next = land(at, CONVERSION, e);
      if (next < 0) continue;
      touches.push({
        touch: { id: id + 1, type: CONVERSION, micros: at, valueCents: value(rk) },
        step: next,
        exposure: e,
      });
    }

    for (const e of exposures) {
      if (e.step !== now) continue;
      const row = Rng.for(ctx.seedW, PATH_ROW, p.personId, c.id * 1024 + (e.seq - pc.firstSeq));
      writeExposure(out, row, p.personId, c, e, cfg.cpm[CHANNELS[e.channel]]);
      exposureSeq = Math.max(exposureSeq, e.seq + 1);
    }
    let added = false;
    for (const t of touches) {
      if (t.step !== now) continue;
      writeResponse(out, p.personId, c, t.exposure, t.touch);
      responseSeq = Math.max(responseSeq, t.touch.id - p.personId * ctx.idSpan + 1);
      added = true;
    }
    // A new touch changes the whole path's attribution: all its outcomes again (an upsert).
    const status = pathStatus(ctx, p.personId);
    if (added)
      writeOutcomes(
        ctx,
        exposures[0].rng,
        out,
        c,
        touches.map((t) => t.touch),
        model,
        status,
      );
  }
  noteSeq('exposureSeq', exposureSeq);
  noteSeq('responseSeq', responseSeq);
}
