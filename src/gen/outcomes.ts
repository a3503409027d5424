import { MICROS_PER_DAY, MICROS_PER_HOUR } from '../config/window.js';
import { ATTRIBUTION_MODELS, CONVERSION_STATUSES } from '../schema/domains.js';
import type { Campaign } from './campaigns.js';
import type { ChunkOutput } from './chunk-output.js';
import type { GenContext } from './context.js';
import { encodeAll } from './encode-domain.js';
import type { Rng } from './rng.js';
import type { TableBuilder } from '../write/table-builder.js';

const STATUS = encodeAll(CONVERSION_STATUSES);
/** response_type indices (RESPONSE_TYPES order: click, conversion, engagement, visit). */
export const CLICK = 0,
  CONVERSION = 1,
  VISIT = 3;
const CONVERTED = 0,
  ENGAGED = 1,
  NO_ACTION = 2;

/** A touch: one response of a person to a campaign (becomes one outcome row). */
export interface Touch {
  id: number;
  type: number;
  micros: number;
  /** Conversion value in cents, or -1 when the touch is not a conversion. */
  valueCents: number;
}

/**
 * Attribution weights over a path's credited touches (in time order); they sum to 1 exactly (the
 * last takes the remainder). first_touch: all on the first; last_touch: all on the last; linear:
 * equal; time_decay: 2^(−hours before the last touch / half-life), normalised.
 */
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
 * One outcome per touch. The path is the person's touches on the campaign in time order. A
 * conversion is 'converted'; a click or visit that led nowhere is 'no_action' (a quarter of them)
 * and gets neither credit nor revenue; the rest are 'engaged'. The model's weights go to the
 * credited touches (converted and engaged; all touches when none is), and the path's conversion
 * value is shared by them: a converted outcome always has revenue (0 when the model gives its
 * touch no credit), an engaged one has its attributed share when the path converted, else NULL.
 */
export function writeOutcomes(
  ctx: GenContext,
  rng: Rng,
  out: ChunkOutput,
  c: Campaign,
  touches: Touch[],
  model: number,
  /** Whether a click or visit led nowhere; an increment keys it by touch, so a path recomputed later agrees. */
  noAction: (touch: Touch) => boolean = () => rng.chance(0.25),
): void {
  touches.sort((a, b) => a.micros - b.micros || a.id - b.id);
  const status = touches.map((r) =>
    r.type === CONVERSION ? CONVERTED : (r.type === CLICK || r.type === VISIT) && noAction(r) ? NO_ACTION : ENGAGED,
  );
  let credited = touches.map((_, i) => i).filter((i) => status[i] !== NO_ACTION);
  if (credited.length === 0) credited = touches.map((_, i) => i);
  const creditedWeights = attributionWeights(
    model,
    credited.map((i) => touches[i].micros),
    ctx.config.responses.decayHalfLifeHours,
  );
  const weights = touches.map(() => 0);
  credited.forEach((i, k) => {
    weights[i] = creditedWeights[k];
  });
  const pathValue = touches.reduce((a, r) => a + Math.max(0, r.valueCents), 0);
  const last = touches[touches.length - 1].micros;
  // More responses and a more recent last one → higher engagement.
  const score = (1 - Math.exp(-touches.length / 2)) * Math.exp(-(ctx.window.endMicros - last) / (60 * MICROS_PER_DAY));
  const b = out.table('outcome_metrics').view(outcomeColumns);
  touches.forEach((r, i) => {
    b.outcome.push(r.id);
    b.response.push(r.id);
    b.campaign.push(c.id);
    b.status.pushBytes(STATUS[status[i]]);
    if (status[i] !== NO_ACTION && pathValue > 0) b.revenue.pushUnscaled(Math.round(pathValue * weights[i]));
    else b.revenue.pushNull();
    b.score.push(Math.round(score * 1e6) / 1e6);
    b.model.push(ATTRIBUTION_MODELS[model]);
    b.weight.push(weights[i]);
    b.computedAt.push(ctx.window.asOfMicros);
  });
}

/** Column handles looked up once per builder (TableBuilder.view), not once per row and column. */
const outcomeColumns = (b: TableBuilder) => ({
  outcome: b.int64('outcome_id'),
  response: b.int64('response_id'),
  campaign: b.int64('campaign_id'),
  status: b.utf8('conversion_status'),
  revenue: b.decimal('revenue'),
  score: b.float64('engagement_score'),
  model: b.utf8('attribution_model'),
  weight: b.float64('attribution_weight'),
  computedAt: b.int64('computed_at'),
});
