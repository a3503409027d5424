import type { RunConfig } from '../config/schema.js';
import { MICROS_PER_DAY, timeWindow, type TimeWindow } from '../config/window.js';
import { buildCampaigns, type Campaign } from './campaigns.js';
import { buildCatalog, type Catalog } from './catalog.js';
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
  window: TimeWindow;
  geo: Geography;
  people: PeopleTables;
  extraIdentifierRate: number;
  catalog: Catalog;
  campaigns: Campaign[];
  /** Cumulative weight of each window day (weekday × season). */
  dayWeights: Float64Array;
  /** Cumulative weight of each local hour. */
  hourWeights: Float64Array;
  /** UTC offsets per time zone and day of the window (DST included). */
  localTime: LocalTime;
}

function dayWeights(window: TimeWindow, seasonality: number): Float64Array {
  const weights: number[] = [];
  for (let d = 0; d < window.days; d++) {
    const date = new Date(window.startMicros / 1000 + (d * MICROS_PER_DAY) / 1000);
    const dayOfYear = Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000);
    weights.push(WEEKLY[date.getUTCDay()] * seasonalFactor(dayOfYear, seasonality));
  }
  return cumulative(weights);
}

export function createContext(config: RunConfig): GenContext {
  const seedW = seedWord(config.seed);
  const window = timeWindow(config);
  return {
    config,
    seedW,
    window,
    geo: loadGeography(),
    people: peopleTables(config),
    extraIdentifierRate: extraRate(config),
    catalog: buildCatalog(config, seedW),
    campaigns: buildCampaigns(config, seedW, window),
    dayWeights: dayWeights(window, config.engagement.seasonality),
    hourWeights: cumulative(HOURLY),
    localTime: localTime(window),
  };
}

/** Derived ids: a pure function of position, so blocks, shards and later appends never collide. */
export const householdId = (index: number): number => index + 1;
export const individualId = (hhId: number, member: number): number => hhId * 16 + member;
export const mappingId = (personId: number, k: number): number => personId * 16 + k;
