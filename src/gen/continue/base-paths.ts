import { MICROS_PER_DAY } from '../../config/window.js';
import { noteSeq } from '../../lineage/high-water.js';
import { ATTRIBUTION_MODELS } from '../../schema/domains.js';
import { type Audience, writeAudience } from '../audience.js';
import {
  type CampaignTap,
  DELAY_HOURS,
  type Exposure,
  FOLLOW_UP,
  responseTime,
  writeCampaignActivity,
  writeResponse,
} from '../campaign-activity.js';
import { buildCampaigns, type Campaign } from '../campaigns.js';
import type { ChunkOutput } from '../chunk-output.js';
import type { GenContext } from '../context.js';
import type { EngagementSummary } from '../engagements.js';
import type { Identifier } from '../identifiers.js';
import { CONVERSION, type Touch, writeOutcomes } from '../outcomes.js';
import type { Person } from '../people.js';
import { ASPECT, Rng } from '../rng.js';
import { localTime } from '../time-zones.js';
import { stepWindow } from './churn.js';
import { LOOKBACK_MICROS, PATH_STATUS, type PathPerson, settle, setup } from './paths.js';

/**
 * The base's paths continue too. A base is the snapshot it always was (its bytes do not change):
 * its flights lie inside its window, and a response that would come after the window is not in
 * it. An increment replays a base person's campaign activity exactly (the base's audience row is
 * rebuilt from the replayed engagements of the whole base window, step-audience.ts) and delivers
 * those late responses that fall in its window, within the lookback, through an identifier it
 * sees, with the conversion a late click, visit or engagement may lead to; then the path's
 * outcomes again, over the base's touches (with the base's no_action draws) and the new ones.
 */

/** Stream of a late response's value and follow-up (paths.ts uses 106–110). */
const LATE = 111;

interface BasePath {
  c: Campaign;
  touches: Touch[];
  late: { e: Exposure; type: number; micros: number; followUp: boolean }[];
}

/** Whether responses to the base's exposures can still land in this increment's window. */
export function baseReaches(ctx: GenContext): boolean {
  const base = stepWindow(ctx.lineage!.history[0]);
  return ctx.lineage!.history[1]?.campaigns !== undefined && base.endMicros + LOOKBACK_MICROS > ctx.window.startMicros;
}

interface BaseSetup {
  campaigns: Campaign[];
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
  const end = w.endMicros + LOOKBACK_MICROS + 2 * MICROS_PER_DAY;
  const s = {
    campaigns: replayed(buildCampaigns(drawn, ctx.seedW, w), ctx.window.startMicros),
    clock: {
      localTime: localTime({ ...w, endMicros: end, days: (end - w.startMicros) / MICROS_PER_DAY }),
      hourWeights: ctx.hourWeights,
    },
  };
  setups.set(ctx, s);
  return s;
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
): { paths: BasePath[]; noAction: Map<number, boolean> } {
  const baseCtx: GenContext = { ...base, campaigns: baseSetup(ctx).campaigns, running: [], lineage: undefined };
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
  const paths: BasePath[] = [];
  const noAction = new Map<number, boolean>();
  let current: BasePath | undefined;
  const open = (c: Campaign): BasePath => {
    if (current?.c !== c) {
      current = { c, touches: [], late: [] };
      paths.push(current);
    }
    return current;
  };
  const tap: CampaignTap = {
    path: (c, _exposures, touches) => {
      open(c).touches = [...touches];
    },
    status: (touch, drawn) => {
      noAction.set(touch.id, drawn);
      return drawn;
    },
    late: (c, e, type, micros, followUp) => {
      open(c).late.push({ e, type, micros, followUp });
    },
  };
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
  return { paths: paths.filter((p) => p.late.length > 0), noAction };
}

/** Delivers this increment's late responses to the base's exposures, and the outcomes of their paths again. */
export function writeBasePaths(
  ctx: GenContext,
  out: ChunkOutput,
  p: PathPerson,
  zone: number,
  replay: ReturnType<typeof replayBasePaths>,
): void {
  const { windows } = setup(ctx);
  const { clock } = baseSetup(ctx);
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
      responseSeq = Math.max(responseSeq, touch.id - p.personId * 65_536 + 1);
      added = true;
    };
    for (const l of path.late) {
      // Numbered down from the top of the person's 2^16 (path-ids.ts): 2 per base exposure.
      const n = 65_535 - 2 * (l.e.id - p.personId * 65_536) - (l.followUp ? 1 : 0);
      const rng = Rng.for(ctx.seedW, LATE, p.personId, n);
      const step = land(l.micros, l.type, l.e);
      if (step < 0) continue;
      const id = p.personId * 65_536 + n;
      add(l.e, { id, type: l.type, micros: l.micros, valueCents: l.type === CONVERSION ? value(rng) : -1 }, step);
      if (l.followUp || l.type === CONVERSION || !rng.chance(FOLLOW_UP[path.c.goal])) continue;
      const at = responseTime(clock, rng, zone, l.micros, DELAY_HOURS[CONVERSION] * Math.exp(rng.normal(0, 1.1)));
      const next = land(at, CONVERSION, l.e);
      if (next >= 0) add(l.e, { id: id - 1, type: CONVERSION, micros: at, valueCents: value(rng) }, next);
    }
    const status = (r: Touch) =>
      replay.noAction.get(r.id) ?? Rng.for(ctx.seedW, PATH_STATUS, p.personId, r.id - p.personId * 65_536).chance(0.25);
    if (added) writeOutcomes(ctx, Rng.for(ctx.seedW, LATE, p.personId), out, path.c, touches, model, status);
  }
  noteSeq('responseSeq', responseSeq);
}
