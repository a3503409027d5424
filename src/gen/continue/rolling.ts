import { MICROS_PER_DAY } from '../../config/window.js';
import type { GenLineage } from '../../lineage/types.js';
import { ChunkOutput } from '../chunk-output.js';
import type { TableBuilder } from '../../write/table-builder.js';
import { dayWeights, type GenContext } from '../context.js';
import type { EngagementSummary } from '../engagements.js';
import { writeEngagements } from '../engagements.js';
import type { Identifier } from '../identifiers.js';
import type { Person } from '../people.js';
import { ASPECT, Rng } from '../rng.js';
import { drawActivity, drawTastes } from '../tastes.js';
import { localTime, zoneOfState } from '../time-zones.js';
import { eventSeed, NO_IDS, stepWindow } from './churn.js';
import { baseRunning, campaignStep } from './running.js';

/**
 * The derived tables of an increment (viewership_patterns, audience_attributes) are computed as
 * of its asOf over a rolling window as long as the lineage's base window, so they include the
 * earlier drops' days still inside it. Those days' engagements are not read back from Parquet
 * (an increment knows only its parent's folder, not the base's); they are regenerated: every
 * event is a pure function of the seed, the drop's window and the person's identifiers at the
 * time, so replaying an earlier drop's engagement stream for one person gives exactly its rows,
 * of which only the summary is kept. The replay reaches further back when campaigns started
 * earlier still run: their paths are targeted by the audience rows of the drops they span
 * (step-audience.ts), which cover those drops' own rolling windows.
 */
export interface Rolling {
  /** Length of the rolling window in days (the base window's). */
  days: number;
  /** Its first instant: the increment's window end minus `days`. */
  startMicros: number;
  /** Contexts of the earlier drops replayed (those reaching into it, or into `historyFrom`), by sequence number. */
  steps: { sequence: number; ctx: GenContext }[];
  /**
   * The first drop whose audience rows this increment needs again: the earliest that started a
   * campaign whose paths still reach into this window (src/gen/continue/paths.ts), or this one.
   */
  firstAudience: number;
  /** Start of that drop's rolling window: the replay reaches back to here (step-audience.ts). */
  historyFrom: number;
  /** Whether earlier drops' audience rows are needed at all (a running campaign, or the base's lookback). */
  needsHistory: boolean;
}

const cache = new WeakMap<GenContext, Rolling>();

export function rollingWindow(ctx: GenContext): Rolling | undefined {
  const lineage = ctx.lineage;
  if (!lineage) return undefined;
  const known = cache.get(ctx);
  if (known) return known;
  const days = stepWindow(lineage.history[0]).days;
  const startMicros = ctx.window.endMicros - days * MICROS_PER_DAY;
  // The base's paths may still reach here (a base flight running on, or its lookback): the base's
  // audience row is needed again, over its whole window, and each later drop's, which targeted the
  // base's exposures in its window (base-paths.ts).
  const base = stepWindow(lineage.history[0]);
  const baseReaches = baseRunning(lineage, ctx.running);
  const firstAudience = Math.min(
    lineage.sequence,
    ...ctx.running.map((c) => campaignStep(lineage, c.id)).filter((s) => s > 0),
    baseReaches ? 1 : lineage.sequence,
  );
  const historyFrom = Math.min(
    startMicros,
    stepWindow(lineage.history[firstAudience]).endMicros - days * MICROS_PER_DAY,
    baseReaches ? base.startMicros : Number.POSITIVE_INFINITY,
  );
  const steps: Rolling['steps'] = [];
  for (let t = 0; t < lineage.sequence; t++) {
    const window = stepWindow(lineage.history[t]);
    if (window.endMicros <= historyFrom) continue;
    const at: GenLineage | undefined =
      t === 0 ? undefined : { sequence: t, history: lineage.history.slice(0, t + 1), start: NO_IDS };
    steps.push({
      sequence: t,
      ctx: {
        ...ctx,
        eventSeedW: eventSeed(ctx.seedW, at),
        lineage: at,
        window,
        dayWeights: dayWeights(window, ctx.config.engagement.seasonality),
        localTime: localTime(window),
      },
    });
  }
  const needsHistory = firstAudience < lineage.sequence || baseReaches;
  const rolling = { days, startMicros, steps, firstAudience, historyFrom, needsHistory };
  cache.set(ctx, rolling);
  return rolling;
}

/** A column that drops what it is given: replayed rows are only counted. */
const NOOP_COLUMN = { push() {}, pushNull() {}, pushBytes() {}, pushUnscaled() {} };
/** A view (named columns, TableBuilder.view) of discarded columns. */
const NOOP_VIEW = new Proxy({}, { get: () => NOOP_COLUMN });
const NOOP_BUILDER = new Proxy({} as TableBuilder, {
  get: (_, name) => (name === 'view' ? () => NOOP_VIEW : () => NOOP_COLUMN),
});

/** Where replayed engagements go: nowhere (building and discarding columns cost a third of a replay). */
export class DiscardOutput extends ChunkOutput {
  override table(): TableBuilder {
    return NOOP_BUILDER;
  }
  override partition(): TableBuilder {
    return NOOP_BUILDER;
  }
}

function add(into: EngagementSummary, s: EngagementSummary): void {
  into.total += s.total;
  into.lastMicros = Math.max(into.lastMicros, s.lastMicros);
  for (let i = 0; i < s.categoryCounts.length; i++) into.categoryCounts[i] += s.categoryCounts[i];
  for (let i = 0; i < s.deviceCounts.length; i++) into.deviceCounts[i] += s.deviceCounts[i];
  for (let i = 0; i < s.hourCounts.length; i++) into.hourCounts[i] += s.hourCounts[i];
}

/**
 * One person's engagement summary over the rolling window: this increment's own summary plus the
 * replayed engagements of each earlier drop since the household appeared, counted from the
 * window's start. `scratch` (a DiscardOutput) receives the replayed rows.
 */
export function rollingSummary(
  rolling: Rolling,
  scratch: ChunkOutput,
  person: Person,
  householdSize: number,
  own: { personId: number },
  identifiersByStep: readonly Identifier[][],
  placeByStep: readonly number[],
  current: EngagementSummary,
  onEvent?: (micros: number, category: number) => void,
): EngagementSummary {
  const total: EngagementSummary = {
    total: 0,
    lastMicros: 0,
    categoryCounts: new Int32Array(current.categoryCounts.length),
    deviceCounts: new Int32Array(current.deviceCounts.length),
    hourCounts: new Int32Array(24),
  };
  for (const { sequence, ctx } of rolling.steps) {
    const identifiers = identifiersByStep[sequence];
    // Not yet born in that drop (identifiers are recorded from the household's first drop on).
    if (!identifiers) continue;
    // As in chunk.ts when that drop was generated: tastes, then activity over its window.
    const tasteRng = Rng.for(ctx.seedW, ASPECT.tastes, own.personId);
    const tastes = drawTastes(ctx, tasteRng, person, householdSize);
    const { ratePerDay, activeUntil } = drawActivity(ctx, tasteRng, person);
    add(
      total,
      writeEngagements(ctx, Rng.for(ctx.eventSeedW, ASPECT.engagement, own.personId), scratch, {
        personId: own.personId,
        zone: zoneOfState(ctx.geo.stateCode[placeByStep[sequence]]),
        tastes,
        ratePerDay,
        activeUntil,
        identifiers,
        countFrom: rolling.startMicros,
        ...(onEvent ? { onEvent } : {}),
      }),
    );
  }
  add(total, current);
  return total;
}
