import type { RunConfig } from '../config/schema.js';
import { timeWindow, type TimeWindow } from '../config/window.js';
import { loadGeography, type Geography } from './geo.js';
import { extraRate } from './identifiers.js';
import { peopleTables, type PeopleTables } from './people.js';
import { seedWord } from './rng.js';

/** Everything a worker derives once from the config and reuses for every chunk. */
export interface GenContext {
  config: RunConfig;
  seedW: number;
  window: TimeWindow;
  geo: Geography;
  people: PeopleTables;
  extraIdentifierRate: number;
}

export function createContext(config: RunConfig): GenContext {
  return {
    config,
    seedW: seedWord(config.seed),
    window: timeWindow(config),
    geo: loadGeography(),
    people: peopleTables(config),
    extraIdentifierRate: extraRate(config),
  };
}

/** Derived ids: a pure function of position, so blocks, shards and later appends never collide. */
export const householdId = (index: number): number => index + 1;
export const individualId = (hhId: number, member: number): number => hhId * 16 + member;
export const mappingId = (personId: number, k: number): number => personId * 16 + k;
