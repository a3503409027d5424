import { noteSeq } from '../lineage/high-water.js';
import { MICROS_PER_DAY, MICROS_PER_HOUR, epochDay } from '../config/window.js';
import { ATTRIBUTION_MODELS, CHANNELS, CONVERSION_STATUSES, RESPONSE_TYPES } from '../schema/domains.js';
import type { Audience } from './audience.js';
import type { Campaign } from './campaigns.js';
import type { ChunkOutput } from './chunk-output.js';
import type { GenContext } from './context.js';
import { encodeAll } from './encode-domain.js';
import { TYPE } from './identifiers.js';
import { cumulative, type Rng } from './rng.js';
import type { TableBuilder } from '../write/table-builder.js';

const STATUS = encodeAll(CONVERSION_STATUSES);
const EMAIL = 0;
const CLICK = 0,
  CONVERSION = 1,
  VISIT = 3;
const CONVERTED = 0,
  ENGAGED = 1,
  NO_ACTION = 2;
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
const CHANNEL_RESPONSE = [1.4, 1.1, 0.6, 0.9, 0.8];
/** Response odds and response-type mix (click, conversion, engagement, visit) per goal. */
const GOAL_RESPONSE = [0.8, 1.0, 1.2];
const TYPE_MIX = [
  cumulative([0.17, 0.03, 0.35, 0.45]),
  cumulative([0.4, 0.1, 0.2, 0.3]),
  cumulative([0.35, 0.35, 0.1, 0.2]),
];
/** Median hours from exposure to each response type. */
const DELAY_HOURS = [0.3, 26, 2, 4];

interface Exposure {
  id: number;
  micros: number;
  channel: number;
}
interface Response {
  id: number;
  type: number;
  micros: number;
  valueCents: number;
}

/** Channels this person can be reached on, given their identifiers. */
function reachable(types: readonly number[]): number[] {
  const has = (t: number) => types.includes(t);
  return [
    has(TYPE.email_hash) ? 1 : 0.02,
    has(TYPE.mobile_ad_id) || has(TYPE.cookie_id) ? 1 : 0.1,
    has(TYPE.cookie_id) || has(TYPE.mobile_ad_id) ? 1 : 0.1,
    has(TYPE.mobile_ad_id) || has(TYPE.cookie_id) || has(TYPE.ctv_id) ? 1 : 0.1,
    has(TYPE.ctv_id) ? 1 : 0.02,
  ];
}

/** Attribution weights over a path's touches (in time order); they sum to 1 exactly (last takes the remainder). */
export function attributionWeights(model: number, micros: readonly number[], halfLifeHours: number): number[] {
  const n = micros.length;
  let raw: number[];
  if (ATTRIBUTION_MODELS[model] === 'first_touch') raw = micros.map((_, i) => (i === 0 ? 1 : 0));
  else if (ATTRIBUTION_MODELS[model] === 'last_touch') raw = micros.map((_, i) => (i === n - 1 ? 1 : 0));
  else if (ATTRIBUTION_MODELS[model] === 'linear') raw = micros.map(() => 1);
  else raw = micros.map((t) => 2 ** (-(micros[n - 1] - t) / (halfLifeHours * MICROS_PER_HOUR)));
  const total = raw.reduce((a, b) => a + b, 0);
  const w = raw.map((x) => x / total);
  w[n - 1] = Math.max(0, 1 - w.slice(0, -1).reduce((a, b) => a + b, 0));
  return w;
}

/**
 * Exposures of one person to each campaign (mostly when in a target segment, inside the flight,
 * on a channel they can be reached on), responses only after an exposure (probability rising with
 * propensity), and one outcome per response with path-level attribution.
 */
export function writeCampaignActivity(
  ctx: GenContext,
  rng: Rng,
  out: ChunkOutput,
  personId: number,
  audience: Audience,
  identifierTypes: readonly number[],
  incomeCents: number,
): void {
  const cfg = ctx.config.campaigns;
  const reach = reachable(identifierTypes);
  const model = ATTRIBUTION_MODELS.indexOf(ctx.config.responses.attributionModel);
  // An increment numbers each person's exposures and responses after the lineage's highest.
  let exposureSeq = ctx.lineage?.start.exposureSeq ?? 0;
  let responseSeq = ctx.lineage?.start.responseSeq ?? 0;
  for (const c of ctx.campaigns) {
    const onTarget = c.targets.some((s) => audience.segments.includes(s));
    const p = (onTarget ? cfg.reach : cfg.reach * cfg.offTargetShare) * (audience.classification === 3 ? 0.5 : 1);
    if (!rng.chance(p)) continue;
    const n = Math.min(cfg.frequencyCap, 1 + rng.poisson(cfg.meanFrequency - 1));
    const channelPick = cumulative(c.channels.map((ch) => reach[ch]));
    const flightDays = c.endDay - c.startDay + 1;
    const exposures: Exposure[] = [];
    for (let k = 0; k < n && exposureSeq < 65_536; k++) {
      const micros =
        (c.startDay + rng.int(flightDays)) * MICROS_PER_DAY +
        rng.pickCumulative(ctx.hourWeights) * MICROS_PER_HOUR +
        rng.int(3_600_000_000);
      exposures.push({
        id: personId * 65_536 + exposureSeq++,
        micros,
        channel: c.channels[rng.pickCumulative(channelPick)],
      });
    }
    exposures.sort((a, b) => a.micros - b.micros || a.id - b.id);
    const responses: Response[] = [];
    for (const e of exposures) {
      writeExposure(out, rng, personId, c, e, cfg.cpm[CHANNELS[e.channel]]);
      const pr =
        ctx.config.responses.baseRate *
        (0.25 + 2.5 * audience.propensity) *
        CHANNEL_RESPONSE[e.channel] *
        GOAL_RESPONSE[c.goal];
      if (!rng.chance(Math.min(1, pr)) || responseSeq >= 65_536) continue;
      const type = rng.pickCumulative(TYPE_MIX[c.goal]);
      const micros = e.micros + Math.round(DELAY_HOURS[type] * Math.exp(rng.normal(0, 1.1)) * MICROS_PER_HOUR);
      if (micros >= ctx.window.endMicros) continue;
      const valueCents =
        type === CONVERSION ? Math.round(6500 * (1 + incomeCents / 20_000_000) * Math.exp(rng.normal(0, 0.7))) : -1;
      const r: Response = { id: personId * 65_536 + responseSeq++, type, micros, valueCents };
      writeResponse(out, personId, c, e, r);
      responses.push(r);
    }
    if (responses.length) writeOutcomes(ctx, rng, out, c, responses, model);
  }
  noteSeq('exposureSeq', exposureSeq);
  noteSeq('responseSeq', responseSeq);
}

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

function writeExposure(out: ChunkOutput, rng: Rng, personId: number, c: Campaign, e: Exposure, cpm: number): void {
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
  b.cost.push((cpm / 1000) * frequency * Math.exp(rng.normal(0, 0.25)));
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

function writeResponse(out: ChunkOutput, personId: number, c: Campaign, e: Exposure, r: Response): void {
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

/** One outcome per response; the path's conversion value is shared out by the attribution weights. */
function writeOutcomes(
  ctx: GenContext,
  rng: Rng,
  out: ChunkOutput,
  c: Campaign,
  responses: Response[],
  model: number,
): void {
  responses.sort((a, b) => a.micros - b.micros || a.id - b.id);
  const weights = attributionWeights(
    model,
    responses.map((r) => r.micros),
    ctx.config.responses.decayHalfLifeHours,
  );
  const pathValue = responses.reduce((a, r) => a + Math.max(0, r.valueCents), 0);
  const last = responses[responses.length - 1].micros;
  // More responses and a more recent last one → higher engagement.
  const score =
    (1 - Math.exp(-responses.length / 2)) * Math.exp(-(ctx.window.endMicros - last) / (60 * MICROS_PER_DAY));
  const b = out.table('outcome_metrics');
  responses.forEach((r, i) => {
    const status =
      r.type === CONVERSION
        ? CONVERTED
        : (r.type === CLICK || r.type === VISIT) && rng.chance(0.25)
          ? NO_ACTION
          : ENGAGED;
    b.int64('outcome_id').push(r.id);
    b.int64('response_id').push(r.id);
    b.int64('campaign_id').push(c.id);
    b.utf8('conversion_status').pushBytes(STATUS[status]);
    if (pathValue > 0) b.decimal('revenue').pushUnscaled(Math.round(pathValue * weights[i]));
    else b.decimal('revenue').pushNull();
    b.float64('engagement_score').push(Math.round(score * 1e6) / 1e6);
    b.utf8('attribution_model').push(ATTRIBUTION_MODELS[model]);
    b.float64('attribution_weight').push(weights[i]);
    b.int64('computed_at').push(ctx.window.asOfMicros);
  });
}
