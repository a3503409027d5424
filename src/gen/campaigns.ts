import type { RunConfig } from '../config/schema.js';
import { MICROS_PER_DAY, type TimeWindow } from '../config/window.js';
import { CAMPAIGN_GOALS, CHANNELS, SEGMENTS } from '../schema/domains.js';
import type { ChunkOutput } from './chunk-output.js';
import { ASPECT, cumulative, Rng } from './rng.js';

export interface Campaign {
  id: number;
  name: string;
  goal: number;
  /** Days since epoch, inclusive. */
  startDay: number;
  endDay: number;
  targets: number[];
  channels: number[];
  budgetCents: number;
  createdMicros: number;
}

const BRANDS = [
  'Northwind',
  'Lumen',
  'Bluepeak',
  'Cedar & Co',
  'Vantage',
  'Harborline',
  'Brightside',
  'Kestrel',
  'Orchard',
  'Meridian',
  'Solace',
  'Trailhead',
];
/** One theme per segment (SEGMENTS order): what a brand would run to reach that audience. */
const THEMES = [
  'Breaking Stories',
  'Game Day',
  'Premiere Night',
  'Learn Something New',
  'Next-Gen Launch',
  'Summer Sound',
  'Fresh Looks',
  'Small Business Week',
  'Level Up',
  'Family Movie Night',
];
const GOAL_WORDS = ['Awareness Push', 'Consideration Series', 'Conversion Sprint'];
/** Channel mix per goal (CHANNELS order: email, social, display, video, ctv). */
const CHANNEL_BY_GOAL = [
  [0.05, 0.25, 0.2, 0.25, 0.25],
  [0.15, 0.3, 0.2, 0.2, 0.15],
  [0.35, 0.3, 0.25, 0.07, 0.03],
];
const GOAL_MIX = cumulative([0.35, 0.3, 0.35]);

/**
 * campaigns.channels as multipliers of each goal's mix, scaled by the largest weight: equal
 * weights give exactly 1 each (x · 1 = x), so the default leaves the drawn channels unchanged.
 */
export function channelTilt(weights: RunConfig['campaigns']['channels']): number[] {
  const w = CHANNELS.map((c) => weights[c]);
  const max = Math.max(...w);
  return w.map((v) => v / max);
}

/**
 * Campaigns a base carries in: those started before its window and still running on its first
 * day. Campaigns start at a steady rate (`count` per window, the rate increments keep: their count
 * is scaled to their length) and a flight of L days started in the L − 1 days before the window
 * still runs on its first day, so about count × (mean length − 1) ÷ window days are running then.
 */
export function carriedIn(campaigns: { count: number; minDays: number; maxDays: number }, days: number): number {
  return Math.round((campaigns.count * ((campaigns.minDays + campaigns.maxDays) / 2 - 1)) / days);
}

/** Campaigns of a base: the `count` it starts and those it carries in (ids 1..this). */
export const baseCampaignCount = (campaigns: { count: number; minDays: number; maxDays: number }, days: number) =>
  campaigns.count + carriedIn(campaigns, days);

/**
 * The campaign table: global, regenerated identically from the seed by every worker. Every flight
 * keeps its drawn length (campaigns.minDays..maxDays) and may run on past the window, as campaigns
 * running at a snapshot's asOf do: the next increments deliver the rest of it
 * (src/gen/continue/base-paths.ts, paths.ts). `count` flights start in the window. A base is a
 * snapshot of a graph that was already running, so it also carries in the campaigns started
 * before its window and still running on its first day (carriedIn, numbered first, as they were
 * created first): without them its first weeks would ramp up from nothing, and with flights cut
 * at its end (as before) its increments would fall off a cliff; with both, as many campaigns run
 * on any day of the base as on the days of its increments (steady state: start rate × mean
 * length). An increment carries nothing in: its running campaigns are the earlier drops'
 * (src/gen/continue/running.ts).
 */
export function buildCampaigns(config: RunConfig, seedW: number, window: TimeWindow, increment = false): Campaign[] {
  const rng = Rng.for(seedW, ASPECT.campaign, 0);
  const firstDay = Math.floor(window.startMicros / MICROS_PER_DAY);
  const days = window.days;
  const { minDays, maxDays, count } = config.campaigns;
  const tilt = channelTilt(config.campaigns.channels);
  const channelPicks = CHANNEL_BY_GOAL.map((mix) => cumulative(mix.map((p, i) => p * tilt[i])));
  // A zero weight removes a channel: never ask for more distinct channels than remain.
  const usable = tilt.filter((t) => t > 0).length;
  // A flight running on the window's first day is drawn by length in proportion to the L − 1 days
  // before the window it may have started on (longer flights are more likely to be running).
  const carried = increment ? 0 : carriedIn(config.campaigns, days);
  const carriedLengths = cumulative(Array.from({ length: maxDays - minDays + 1 }, (_, i) => minDays + i - 1));
  return Array.from({ length: carried + count }, (_, i) => {
    const goal = rng.pickCumulative(GOAL_MIX);
    let length: number;
    let startDay: number;
    if (i < carried) {
      length = minDays + rng.pickCumulative(carriedLengths);
      startDay = firstDay - 1 - rng.int(length - 1);
    } else {
      length = minDays + rng.int(maxDays - minDays + 1);
      startDay = firstDay + rng.int(days);
    }
    const segmentCount = 1 + rng.int(3);
    const targets: number[] = [];
    while (targets.length < segmentCount) {
      const s = rng.int(SEGMENTS.length);
      if (!targets.includes(s)) targets.push(s);
    }
    const channelCount = Math.min(1 + rng.int(3), usable);
    const channelPick = channelPicks[goal];
    const channels: number[] = [];
    while (channels.length < channelCount) {
      const c = rng.pickCumulative(channelPick);
      if (!channels.includes(c)) channels.push(c);
    }
    channels.sort((a, b) => a - b);
    const budget = 2_500 * length * channelCount * Math.exp(rng.normal(0, 0.6));
    const year = new Date(startDay * 86_400_000).getUTCFullYear();
    return {
      id: i + 1,
      name: `${BRANDS[rng.int(BRANDS.length)]} ${THEMES[targets[0]]} ${GOAL_WORDS[goal]} ${year}`,
      goal,
      startDay,
      endDay: startDay + length - 1,
      targets,
      channels,
      budgetCents: Math.max(100_000, Math.round(budget * 100)),
      // Briefed one to six weeks before launch, during office hours.
      createdMicros:
        (startDay - 7 - rng.int(36)) * MICROS_PER_DAY + (9 + rng.int(9)) * 3_600_000_000 + rng.int(3_600) * 1_000_000,
    };
  });
}

export function writeCampaigns(out: ChunkOutput, campaigns: readonly Campaign[]): void {
  const b = out.table('campaigns');
  for (const c of campaigns) {
    b.int64('campaign_id').push(c.id);
    b.utf8('campaign_name').push(c.name);
    b.int32('start_date').push(c.startDay);
    b.int32('end_date').push(c.endDay);
    b.list('target_segment').push(c.targets.map((s) => SEGMENTS[s]));
    b.list('channels').push(c.channels.map((ch) => CHANNELS[ch]));
    b.decimal('budget').pushUnscaled(c.budgetCents);
    b.utf8('goal').push(CAMPAIGN_GOALS[c.goal]);
    b.int64('created_at').push(c.createdMicros);
  }
}

/**
 * The days a base's campaign activity draws instants on (its local-time table, time-zones.ts): its
 * window and the whole of every flight, which may start before the window and end after it.
 */
export function flightSpan(window: TimeWindow, campaigns: readonly Campaign[]): TimeWindow {
  let start = window.startMicros;
  let end = window.endMicros;
  for (const c of campaigns) {
    start = Math.min(start, c.startDay * MICROS_PER_DAY);
    end = Math.max(end, (c.endDay + 1) * MICROS_PER_DAY);
  }
  return { ...window, startMicros: start, endMicros: end, days: (end - start) / MICROS_PER_DAY };
}
