import type { RunConfig } from '../config/schema.js';
import { MICROS_PER_DAY, timeWindow, type TimeWindow } from '../config/window.js';
import type { GenLineage } from '../lineage/types.js';
import { ENGAGEMENT_TYPES } from '../schema/domains.js';
import { baseCampaignCount, buildCampaigns, type Campaign, flightSpan } from './campaigns.js';
import { eventSeed } from './continue/churn.js';
import { idSpan, lineageIdSpan } from './continue/path-ids.js';
import { runningCampaigns } from './continue/running.js';
import { buildCatalog, type Catalog, categoryWeights } from './catalog.js';
import { loadGeography, type Geography } from './geo.js';
import { extraRate } from './identifier-count.js';
import { peopleTables, type PeopleTables } from './people.js';
import { cumulative, seedWord } from './rng.js';
import { HOURLY, seasonalFactor, WEEKLY } from './time-patterns.js';
import { type LocalTime, localTime } from './time-zones.js';

/** Everything a worker derives once from the config and reuses for every chunk. */
export interface GenContext {
  config: RunConfig;
  seedW: number;
  /** Seed of the event streams: seedW for a base, one per increment (src/gen/continue). */
  eventSeedW: number;
  /** Set when continuing a lineage: ids start after the parent's high-water marks. */
  lineage?: GenLineage;
  window: TimeWindow;
  geo: Geography;
  people: PeopleTables;
  extraIdentifierRate: number;
  catalog: Catalog;
  /** The campaigns this drop starts (and writes). */
  campaigns: Campaign[];
  /** Campaigns of earlier increments still running in this window (src/gen/continue/running.ts). */
  running: Campaign[];
  /** Exposure and response ids are individual_id × this + a person's number (src/gen/continue/path-ids.ts). */
  idSpan: number;
  /** Cumulative weight of each window day (weekday × season). */
  dayWeights: Float64Array;
  /** Cumulative weight of each local hour. */
  hourWeights: Float64Array;
  /** engagement.categories weights (CONTENT_CATEGORIES order), as configured: each person's tastes tilt them. */
  categoryWeights: number[];
  /** Cumulative engagement.types weights (ENGAGEMENT_TYPES order). */
  engagementMix: Float64Array;
  /** UTC offsets per time zone and day of the window (DST included). */
  localTime: LocalTime;
}

export function dayWeights(window: TimeWindow, seasonality: number): Float64Array {
  const weights: number[] = [];
  for (let d = 0; d < window.days; d++) {
    const date = new Date(window.startMicros / 1000 + (d * MICROS_PER_DAY) / 1000);
    const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000);
    weights.push(WEEKLY[date.getUTCDay()] * seasonalFactor(dayOfYear, seasonality));
  }
  return cumulative(weights);
}

export function createContext(config: RunConfig, lineage?: GenLineage): GenContext {
  const seedW = seedWord(config.seed);
  const eventSeedW = eventSeed(seedW, lineage);
  const window = timeWindow(config);
  const campaignBase = lineage?.start.campaigns ?? 0;
  // An increment's new campaigns draw from its own stream and are numbered after the lineage's last.
  const campaigns = buildCampaigns(config, eventSeedW, window, lineage !== undefined).map((c) => ({
    ...c,
    id: c.id + campaignBase,
  }));
  return {
    config,
    seedW,
    eventSeedW,
    lineage,
    window,
    geo: loadGeography(),
    people: peopleTables(config),
    extraIdentifierRate: extraRate(config),
    catalog: buildCatalog(config, seedW),
    campaigns,
    running: runningCampaigns(config, seedW, lineage, window),
    idSpan: lineage
      ? lineageIdSpan(config, lineage.history[0])
      : idSpan(config.campaigns.frequencyCap, baseCampaignCount(config.campaigns, window.days)),
    dayWeights: dayWeights(window, config.engagement.seasonality),
    hourWeights: cumulative(HOURLY),
    categoryWeights: categoryWeights(config),
    engagementMix: cumulative(ENGAGEMENT_TYPES.map((t) => config.engagement.types[t])),
    // A base draws exposures over its flights' whole length, before and after its window
    // (campaign-activity.ts); an increment's paths keep a table per flight (continue/paths.ts).
    localTime: localTime(lineage ? window : flightSpan(window, campaigns)),
  };
}

/** Derived ids: a pure function of position, so blocks, shards and later appends never collide. */
export const householdId = (index: number): number => index + 1;
export const individualId = (hhId: number, member: number): number => hhId * 16 + member;
export const mappingId = (personId: number, k: number): number => personId * 16 + k;
