import type { RunConfig } from '../../config/schema.js';
import { MICROS_PER_DAY, type TimeWindow } from '../../config/window.js';
import type { GenLineage } from '../../lineage/types.js';
import { buildCampaigns, type Campaign } from '../campaigns.js';
import type { GenContext } from '../context.js';
import { Rng } from '../rng.js';
import { eventSeed, NO_IDS, stepWindow } from './churn.js';

/** Stream of the day that places a person's path on a campaign (apart from every other aspect). */
const PATH_DAY = 105;

/**
 * Campaigns started by earlier increments whose flights run into this window: regenerated from
 * each increment's stream with the count and flight lengths its lineage step records, numbered
 * as that increment numbered them. They are delivered again, unchanged (campaigns is an upsert),
 * so an increment holds the campaign of each of its exposures; campaign-activity.ts shows each
 * flight only inside the window. A base's flights end inside its window, so none of them runs on.
 */
export function runningCampaigns(
  config: RunConfig,
  seedW: number,
  lineage: GenLineage | undefined,
  window: TimeWindow,
): Campaign[] {
  if (!lineage) return [];
  const firstDay = Math.floor(window.startMicros / MICROS_PER_DAY);
  const running: Campaign[] = [];
  for (let t = 1; t < lineage.sequence; t++) {
    const step = lineage.history[t];
    const started = step.campaigns;
    if (!started || started.count === 0) continue;
    const at: GenLineage = { sequence: t, history: lineage.history.slice(0, t + 1), start: NO_IDS };
    const { count, minDays, maxDays } = started;
    const drawn = { ...config, campaigns: { ...config.campaigns, count, minDays, maxDays } };
    for (const c of buildCampaigns(drawn, eventSeed(seedW, at), stepWindow(step), true))
      if (c.endDay >= firstDay) running.push({ ...c, id: c.id + started.first });
  }
  return running;
}

/**
 * The part of a campaign's flight this drop shows a person, or undefined. A base shows the whole
 * flight (it lies inside the window). In a lineage a flight may span drops, so each person's path
 * on a campaign (exposures, responses, outcomes and their attribution) lies in one drop: the one
 * holding a day of the flight drawn per (person, campaign). A person is reachable in this window
 * with probability equal to its share of the flight, so reach over the whole flight stays as
 * configured, and attribution sums to 1 per path across increments.
 */
export function shownFlight(ctx: GenContext, c: Campaign, personId: number): Campaign | undefined {
  if (!ctx.lineage) return c;
  const startDay = Math.max(c.startDay, Math.floor(ctx.window.startMicros / MICROS_PER_DAY));
  const endDay = Math.min(c.endDay, Math.floor(ctx.window.endMicros / MICROS_PER_DAY) - 1);
  if (startDay > endDay) return undefined;
  const day = c.startDay + Rng.for(ctx.seedW, PATH_DAY, personId, c.id).int(c.endDay - c.startDay + 1);
  return day >= startDay && day <= endDay ? { ...c, startDay, endDay } : undefined;
}
