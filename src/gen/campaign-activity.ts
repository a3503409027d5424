import { noteSeq } from '../lineage/high-water.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, epochDay } from '../config/window.js';
import { ATTRIBUTION_MODELS, CHANNELS, RESPONSE_TYPES } from '../schema/domains.js';
import type { Audience } from './audience.js';
import type { Campaign } from './campaigns.js';
import type { ChunkOutput } from './chunk-output.js';
import type { GenContext } from './context.js';
import { CONVERSION, type Touch, writeOutcomes } from './outcomes.js';
import { type Identifier, TYPE } from './identifiers.js';
import { CHANNEL_IDENTIFIERS, liveThrough, ON_THE_AD } from './observed-through.js';
import { ASPECT, cumulative, guideFor, Rng } from './rng.js';
import { localToUtc, offsetOnDay } from './time-zones.js';
import type { TableBuilder } from '../write/table-builder.js';

const EMAIL = 0;
/** Log-normal spread of an exposure's cost around its CPM (auction prices vary). */
export const COST_SIGMA = 0.25;
const PLACEMENTS: string[][] = [
  ['newsletter_header', 'newsletter_inline', 'dedicated_send'],
  ['feed', 'stories', 'reels', 'right_rail'],
  ['homepage_728x90', 'article_300x250', 'sidebar_160x600', 'mobile_320x50'],
  ['preroll_15s', 'preroll_30s', 'midroll_30s'],
  ['ctv_preroll', 'ctv_midroll', 'pause_screen'],
];
/** All placements, the dictionary of the placement column; PLACEMENT_START[channel] indexes into it. */
const PLACEMENT_VOCABULARY = PLACEMENTS.flat();
const PLACEMENT_START = PLACEMENTS.map((_, c) => PLACEMENTS.slice(0, c).reduce((n, p) => n + p.length, 0));
/** Response odds per channel: email and social get clicked more than display. */
export const CHANNEL_RESPONSE = [1.4, 1.1, 0.6, 0.9, 0.8];
/** Response odds and response-type mix (click, conversion, engagement, visit) per goal. */
export const GOAL_RESPONSE = [0.8, 1.0, 1.2];
export const TYPE_MIX = [
  cumulative([0.17, 0.03, 0.35, 0.45]),
  cumulative([0.4, 0.1, 0.2, 0.3]),
  cumulative([0.35, 0.35, 0.1, 0.2]),
];
/** Median hours from exposure to each response type. */
export const DELAY_HOURS = [0.3, 26, 2, 4];

export interface Exposure {
  id: number;
  micros: number;
  channel: number;
}
/**
 * Chance that a click, visit or engagement is followed by a conversion on the same campaign (by
 * goal: awareness, consideration, conversion) — the purchase funnel that makes multi-touch paths.
 */
export const FOLLOW_UP = [0.06, 0.15, 0.3];
/** Response odds on later exposures once a person has responded to the campaign (warmed up). */
export const WARM_RESPONSE = 3;

/**
 * Ad load per channel (CHANNELS order) for one person: a channel needs an identifier it is
 * delivered through (observed-through.ts: email needs an email id); the digital channels scale
 * with how much the person is online (engagements in the window against the configured mean,
 * square root so heavy users are not flooded) and with how many kinds of devices they use.
 */
export function channelIntensity(types: readonly number[], engagements: number, expected: number): number[] {
  // Plain loops over a bit set of the kinds held: this runs once per person.
  let held = 0;
  for (let i = 0; i < types.length; i++) held |= 1 << types[i];
  let devices = 0;
  for (const kind of DEVICE_KINDS) if (held & (1 << kind)) devices++;
  const activity = Math.min(3, Math.max(0.2, Math.sqrt((engagements + 1) / (expected + 1))));
  const digital = activity * (0.6 + 0.2 * devices);
  const out: number[] = [];
  for (let ch = 0; ch < CHANNEL_IDENTIFIERS.length; ch++) {
    let reaches = false;
    for (const kind of CHANNEL_IDENTIFIERS[ch]) if (held & (1 << kind)) reaches = true;
    out.push(reaches ? (ch === EMAIL ? 1 : digital) : 0);
  }
  return out;
}
const DEVICE_KINDS = [TYPE.mobile_ad_id, TYPE.cookie_id, TYPE.device_id, TYPE.ctv_id];

/**
 * What an increment learns from replaying a base person's campaign activity (the same draws, the
 * rows discarded): each path, the no_action draw of each touch, and each response that fell after
 * the base's window, which the increment holding it delivers (src/gen/continue/base-paths.ts).
 */
export interface CampaignTap {
  path(c: Campaign, exposures: readonly Exposure[], touches: readonly Touch[]): void;
  status(touch: Touch, noAction: boolean): boolean;
  late(c: Campaign, e: Exposure, type: number, micros: number, followUp: boolean): void;
  /** An exposure drawn after the base's window (channel −1: the drop holding it picks one of `weights`). */
  ahead(c: Campaign, e: Exposure, weights: readonly number[]): void;
}

/**
 * One of campaign c's channels live at `micros` through an identifier of `ids`, picked by its
 * weight, or −1 when none is: the pick of cumulative() over the live channels' weights (0 for
 * the others), summed in place in a reused array. A base's exposures, an increment's paths and the
 * base's exposures delivered later (src/gen/continue) all pick so.
 */
export function liveChannel(
  rng: Rng,
  c: Campaign,
  weights: readonly number[],
  ids: readonly Identifier[],
  micros: number,
): number {
  const live = liveScratch(c.channels.length);
  let sum = 0;
  for (let i = 0; i < c.channels.length; i++) {
    if (liveThrough(ids, CHANNEL_IDENTIFIERS[c.channels[i]], micros)) sum += weights[i];
    live[i] = sum;
  }
  // Weights are never negative: a zero sum is every live weight zero.
  return sum === 0 ? -1 : c.channels[rng.pickCumulative(live)];
}

/** Whether a campaign targets one of the person's segments (a bit set: segments are < 32). */
function targets(c: Campaign, segments: number): boolean {
  for (let i = 0; i < c.targets.length; i++) if (segments & (1 << c.targets[i])) return true;
  return false;
}

/** Cumulative live channel weights, one array per channel count, reused (pickCumulative reads the length). */
const LIVE_BY_LENGTH: Float64Array[] = [];
function liveScratch(n: number): Float64Array {
  let a = LIVE_BY_LENGTH[n];
  if (a === undefined) {
    a = new Float64Array(n);
    LIVE_BY_LENGTH[n] = a;
  }
  return a;
}

/**
 * Exposures in time order (ids break ties, so the order is total and any sort gives the same
 * result): an insertion sort in place, since a person sees a campaign a few times at most and
 * Array.prototype.sort allocates a work copy on every call.
 */
function byTime(exposures: Exposure[]): void {
  for (let i = 1; i < exposures.length; i++) {
    const e = exposures[i];
    let j = i - 1;
    while (j >= 0 && (exposures[j].micros > e.micros || (exposures[j].micros === e.micros && exposures[j].id > e.id))) {
      exposures[j + 1] = exposures[j];
      j--;
    }
    exposures[j + 1] = e;
  }
}

/** Tries at drawing an exposure time at which one of the campaign's channels reaches the person. */
export const TIME_TRIES = 4;

/**
 * A flight runs over whole UTC dates (the data model's out_of_campaign_period query): a late
 * local evening on the last day that is already the next UTC day moves back one day.
 */
export function inFlight(c: Campaign, micros: number): number {
  const end = (c.endDay + 1) * MICROS_PER_DAY;
  if (micros < end) return micros;
  return micros - MICROS_PER_DAY >= c.startDay * MICROS_PER_DAY ? micros - MICROS_PER_DAY : end - 1;
}

/**
 * When a response happens: quick ones (a click) follow the exposure; ones that take more than a
 * few hours land on the day the delay reaches, at a local hour when people are online.
 */
export function responseTime(
  ctx: Pick<GenContext, 'localTime' | 'hourWeights'>,
  rng: Rng,
  zone: number,
  exposed: number,
  delayHours: number,
): number {
  const at = exposed + Math.round(delayHours * MICROS_PER_HOUR);
  if (delayHours < 4) return at;
  const day = Math.floor((at + offsetOnDay(ctx.localTime, zone, epochDay(at))) / MICROS_PER_DAY);
  const hours = rng.pickGuided(guideFor(ctx.hourWeights)) + rng.next();
  const local = localToUtc(ctx.localTime, zone, day, hours);
  return local > exposed ? local : local + MICROS_PER_DAY;
}

/**
 * Exposures of one person to each campaign (mostly when in a target segment, inside the flight and
 * the window, on a channel they can be reached on), responses only after an exposure (probability rising with
 * propensity), and one outcome per response with path-level attribution.
 */
export function writeCampaignActivity(
  ctx: GenContext,
  rng: Rng,
  out: ChunkOutput,
  personId: number,
  audience: Audience,
  identifiers: readonly Identifier[],
  incomeCents: number,
  zone: number,
  engagements: number,
  tap?: CampaignTap,
): void {
  const cfg = ctx.config.campaigns;
  const intensity = channelIntensity(
    identifiers.map((i) => i.type),
    engagements,
    ctx.config.engagement.perPersonPerDay * ctx.window.days,
  );
  const model = ATTRIBUTION_MODELS.indexOf(ctx.config.responses.attributionModel);
  // A base's (and its replay's) numbers; an increment's paths derive theirs (src/gen/continue/path-ids.ts).
  const span = ctx.idSpan;
  let exposureSeq = ctx.lineage?.start.exposureSeq ?? 0;
  let responseSeq = ctx.lineage?.start.responseSeq ?? 0;
  let segments = 0;
  for (const seg of audience.segments) segments |= 1 << seg;
  // The same hour as pickCumulative(ctx.hourWeights), fewer steps (rng.ts).
  const hourGuide = guideFor(ctx.hourWeights);
  // The reach chance on and off target, as computed per campaign before (the same products).
  const half = audience.classification === 3 ? 0.5 : 1;
  const onTargetP = cfg.reach * half;
  const offTargetP = cfg.reach * cfg.offTargetShare * half;
  // A base's paths: an increment's campaigns follow paths across drops (src/gen/continue/paths.ts).
  for (const c of ctx.campaigns) {
    // Plain loops, no arrays: this runs for every person and campaign, most of whom see nothing.
    const channels = c.channels;
    let reachable = 0;
    let reachSum = 0;
    for (let i = 0; i < channels.length; i++) {
      const v = intensity[channels[i]];
      if (v > 0) {
        reachable++;
        reachSum += v;
      }
    }
    // Nothing this person can be shown the campaign on (say, an email-only campaign and no email).
    if (reachable === 0) continue;
    if (!rng.chance(targets(c, segments) ? onTargetP : offTargetP)) continue;
    const weights: number[] = [];
    for (let i = 0; i < channels.length; i++) weights.push(intensity[channels[i]]);
    const load = reachSum / reachable;
    const n = Math.min(cfg.frequencyCap, 1 + rng.poisson((cfg.meanFrequency - 1) * load));
    const flightDays = c.endDay - c.startDay + 1;
    const exposures: Exposure[] = [];
    for (let k = 0; k < n && exposureSeq < span; k++) {
      // Served when people are online: a local hour by the diurnal curve, in the person's zone, on
      // a channel whose identifier is seen at that moment (every exposure is observed through one).
      for (let attempt = 0; attempt < TIME_TRIES; attempt++) {
        const micros = inFlight(
          c,
          localToUtc(
            ctx.localTime,
            zone,
            c.startDay + rng.int(flightDays),
            rng.pickGuided(hourGuide) + rng.int(3_600_000_000) / MICROS_PER_HOUR,
          ),
        );
        // A flight may run outside the window (campaigns.ts): its days before it are history the
        // graph does not hold; its days after it are the next drops', which deliver the exposure
        // through an identifier seen then (src/gen/continue/base-paths.ts). Either way it counts
        // against the person's exposures, so the flight's exposures spread evenly over its days.
        if (micros < ctx.window.startMicros) break;
        if (micros >= ctx.window.endMicros) {
          tap?.ahead(c, { id: personId * span + exposureSeq, micros, channel: -1 }, weights);
          exposureSeq++;
          break;
        }
        const channel = liveChannel(rng, c, weights, identifiers, micros);
        if (channel < 0) continue;
        exposures.push({ id: personId * span + exposureSeq++, micros, channel });
        break;
      }
    }
    byTime(exposures);
    const touches: Touch[] = [];
    const conversionValue = () => Math.round(6500 * (1 + incomeCents / 20_000_000) * Math.exp(rng.normal(0, 0.7)));
    const rate = campaignRate(ctx, c.id);
    for (const e of exposures) {
      writeExposure(out, rng, personId, c, e, cfg.cpm[CHANNELS[e.channel]]);
      const pr =
        rate *
        (0.25 + 2.5 * audience.propensity) *
        CHANNEL_RESPONSE[e.channel] *
        GOAL_RESPONSE[c.goal] *
        (touches.length ? WARM_RESPONSE : 1);
      if (!rng.chance(Math.min(1, pr)) || responseSeq >= span - 1) continue;
      const type = rng.pickCumulative(TYPE_MIX[c.goal]);
      const micros = responseTime(ctx, rng, zone, e.micros, DELAY_HOURS[type] * Math.exp(rng.normal(0, 1.1)));
      if (micros >= ctx.window.endMicros) {
        tap?.late(c, e, type, micros, false);
        continue;
      }
      if (!observed(identifiers, type, e, micros)) continue;
      const r: Touch = {
        id: personId * span + responseSeq++,
        type,
        micros,
        valueCents: type === CONVERSION ? conversionValue() : -1,
      };
      writeResponse(out, personId, c, e, r);
      touches.push(r);
      if (type === CONVERSION || !rng.chance(FOLLOW_UP[c.goal])) continue;
      // The funnel's next step: a conversion after this touch, credited to the same exposure.
      const at = responseTime(ctx, rng, zone, micros, DELAY_HOURS[CONVERSION] * Math.exp(rng.normal(0, 1.1)));
      if (at >= ctx.window.endMicros) {
        tap?.late(c, e, CONVERSION, at, true);
        continue;
      }
      if (!observed(identifiers, CONVERSION, e, at)) continue;
      const conversion: Touch = {
        id: personId * span + responseSeq++,
        type: CONVERSION,
        micros: at,
        valueCents: conversionValue(),
      };
      writeResponse(out, personId, c, e, conversion);
      touches.push(conversion);
    }
    tap?.path(c, exposures, touches);
    if (touches.length)
      writeOutcomes(ctx, rng, out, c, touches, model, tap ? (r) => tap.status(r, rng.chance(0.25)) : undefined);
  }
  noteSeq('exposureSeq', exposureSeq);
  noteSeq('responseSeq', responseSeq);
}

/**
 * The campaign's base response rate: responses.baseRate, or with responses.baseRateMax a draw from
 * that range keyed by seed and campaign id alone, so every worker, chunk and increment (a running
 * flight included) agrees on it. Without a range no draw is made: default output is unchanged.
 */
export function campaignRate(ctx: GenContext, campaignId: number): number {
  const { baseRate, baseRateMax } = ctx.config.responses;
  if (baseRateMax === undefined || baseRateMax === baseRate) return baseRate;
  return Rng.for(ctx.seedW, ASPECT.campaign, campaignId, 1).range(baseRate, baseRateMax);
}

/** A response is known only through an identifier seen at its time (observed-through.ts). */
export const observed = (ids: readonly Identifier[], type: number, e: Exposure, micros: number): boolean =>
  liveThrough(ids, ON_THE_AD[type] ? CHANNEL_IDENTIFIERS[e.channel] : undefined, micros);

const exposureColumns = (b: TableBuilder) => ({
  id: b.int64('exposure_id'),
  person: b.int64('individual_id'),
  campaign: b.int64('campaign_id'),
  at: b.int64('exposure_timestamp'),
  channel: b.dict('channel', CHANNELS),
  frequency: b.int32('frequency'),
  placement: b.dict('placement', PLACEMENT_VOCABULARY),
  cost: b.decimal('cost'),
});

export function writeExposure(
  out: ChunkOutput,
  rng: Rng,
  personId: number,
  c: Campaign,
  e: Exposure,
  cpm: number,
): void {
  const b = out.partition('campaign_exposures', epochDay(e.micros)).view(exposureColumns);
  const frequency = rng.chance(0.15) ? 2 + rng.poisson(0.5) : 1;
  b.id.push(e.id);
  b.person.push(personId);
  b.campaign.push(c.id);
  b.at.push(e.micros);
  b.channel.push(e.channel);
  b.frequency.push(frequency);
  // Email sends are not ad slots; a third carry no placement detail.
  if (e.channel === EMAIL && rng.chance(0.35)) b.placement.pushNull();
  else b.placement.push(PLACEMENT_START[e.channel] + rng.int(PLACEMENTS[e.channel].length));
  b.cost.push((cpm / 1000) * frequency * Math.exp(rng.normal(0, COST_SIGMA)));
}

const responseColumns = (b: TableBuilder) => ({
  id: b.int64('response_id'),
  person: b.int64('individual_id'),
  campaign: b.int64('campaign_id'),
  exposure: b.int64('exposure_id'),
  type: b.dict('response_type', RESPONSE_TYPES),
  at: b.int64('response_timestamp'),
  exposedAt: b.int64('exposure_timestamp'),
  hours: b.float64('time_to_conversion_hours'),
  value: b.decimal('value'),
});

export function writeResponse(out: ChunkOutput, personId: number, c: Campaign, e: Exposure, r: Touch): void {
  const b = out.partition('response_events', epochDay(r.micros)).view(responseColumns);
  b.id.push(r.id);
  b.person.push(personId);
  b.campaign.push(c.id);
  b.exposure.push(e.id);
  b.type.push(r.type);
  b.at.push(r.micros);
  b.exposedAt.push(e.micros);
  b.hours.push((r.micros - e.micros) / MICROS_PER_HOUR);
  if (r.valueCents >= 0) b.value.pushUnscaled(r.valueCents);
  else b.value.pushNull();
}
