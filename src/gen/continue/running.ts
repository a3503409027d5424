import type { RunConfig } from '../../config/schema.js';
import { MICROS_PER_DAY, type TimeWindow } from '../../config/window.js';
import type { GenLineage } from '../../lineage/types.js';
import { buildCampaigns, type Campaign } from '../campaigns.js';
import { eventSeed, NO_IDS, stepWindow } from './churn.js';

/**
 * Attribution lookback: a response more than this many days after its exposure is not attributed
 * to it (and not generated), so a path ends at most this long after its flight (the click-through
 * lookback windows of ad platforms are commonly 28–30 days).
 */
export const LOOKBACK_DAYS = 30;

/**
 * Campaigns started by earlier increments whose paths still reach into this window (the flight,
 * or the lookback after it, in which responses to its exposures arrive): regenerated from each
 * increment's stream with the count and flight lengths its lineage step records, numbered as that
 * increment numbered them. They are delivered again, unchanged (campaigns is an upsert), so an
 * increment holds the campaign of each of its exposures, responses and outcomes. The base's too:
 * its flights may run on past its window (campaigns.ts), and responses to its exposures may come
 * in the lookback after them (base-paths.ts).
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
  for (let t = 0; t < lineage.sequence; t++) {
    const step = lineage.history[t];
    const started = step.campaigns;
    if (!started || started.count === 0) continue;
    const at: GenLineage | undefined =
      t === 0 ? undefined : { sequence: t, history: lineage.history.slice(0, t + 1), start: NO_IDS };
    const { count, minDays, maxDays } = started;
    const drawn = { ...config, campaigns: { ...config.campaigns, count, minDays, maxDays } };
    for (const c of buildCampaigns(drawn, eventSeed(seedW, at), stepWindow(step), t > 0))
      if (c.endDay + 1 + LOOKBACK_DAYS >= firstDay) running.push({ ...c, id: c.id + started.first });
  }
  return running;
}

/** The lineage step that started campaign `id` (0: a base campaign). */
export function campaignStep(lineage: GenLineage, id: number): number {
  for (let t = 1; t <= lineage.sequence; t++) {
    const started = lineage.history[t].campaigns;
    if (started && id > started.first && id <= started.first + started.count) return t;
  }
  return 0;
}

/** Whether any of `running` is a base campaign: the base's paths still reach this window (base-paths.ts). */
export function baseRunning(lineage: GenLineage, running: readonly Campaign[]): boolean {
  return running.some((c) => campaignStep(lineage, c.id) === 0);
}
