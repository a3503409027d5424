import type { RunConfig } from '../config/schema.js';
import { isoDay, MICROS_PER_DAY, timeWindow } from '../config/window.js';
import { baseCampaignCount } from '../gen/campaigns.js';
import { TABLES } from '../schema/registry.js';
import type { WriteMode } from '../schema/types.js';
import type { GenLineage, HighWater, Lineage, LineageStep } from './types.js';

export const writeModes = (): Record<string, WriteMode> => Object.fromEntries(TABLES.map((t) => [t.name, t.writeMode]));

/** The window, asOf, household count and campaigns started (ids after `firstCampaign`) a config describes, as a lineage step. */
export function stepOf(config: RunConfig, firstCampaign = 0): LineageStep {
  const w = timeWindow(config);
  const { count, minDays, maxDays } = config.campaigns;
  return {
    start: isoDay(w.startMicros / MICROS_PER_DAY),
    end: isoDay(w.endMicros / MICROS_PER_DAY - 1),
    asOf: config.asOf,
    households: config.households,
    campaigns: { first: firstCampaign, count: config.output.tables === 'all' ? count : 0, minDays, maxDays },
  };
}

/** Sequence-number maxima the workers noted ([event, exposure, response]). */
export type SeqMarks = [number, number, number];

function highWater(config: RunConfig, start: HighWater | undefined, seq: SeqMarks): HighWater {
  // A base also carries in the campaigns running on its first day (src/gen/campaigns.ts).
  const started = start ? config.campaigns.count : baseCampaignCount(config.campaigns, timeWindow(config).days);
  const campaigns = config.output.tables === 'all' ? started : 0;
  return {
    households: config.households,
    campaigns: (start?.campaigns ?? 0) + campaigns,
    eventSeq: Math.max(start?.eventSeq ?? 0, seq[0]),
    exposureSeq: Math.max(start?.exposureSeq ?? 0, seq[1]),
    responseSeq: Math.max(start?.responseSeq ?? 0, seq[2]),
  };
}

/**
 * The lineage record of a drop: a base (no parent) starts a lineage named by its own fingerprint;
 * an increment carries its parent's id, the next sequence number and the parent's history.
 */
export function lineageRecord(
  config: RunConfig,
  fingerprint: string,
  seq: SeqMarks,
  parent?: { lineage: Lineage; fingerprint: string; sha256: string },
): Lineage {
  if (!parent)
    return {
      id: fingerprint,
      sequence: 0,
      parent: null,
      history: [stepOf(config)],
      highWater: highWater(config, undefined, seq),
      writeModes: writeModes(),
    };
  const p = parent.lineage;
  return {
    id: p.id,
    sequence: p.sequence + 1,
    parent: { fingerprint: parent.fingerprint, sha256: parent.sha256 },
    history: [...p.history, stepOf(config, p.highWater.campaigns)],
    highWater: highWater(config, p.highWater, seq),
    writeModes: writeModes(),
  };
}

/** What the workers get for an increment (undefined for a base). */
export function genLineage(config: RunConfig, parent: Lineage | undefined): GenLineage | undefined {
  if (!parent) return undefined;
  return {
    sequence: parent.sequence + 1,
    history: [...parent.history, stepOf(config, parent.highWater.campaigns)],
    start: parent.highWater,
  };
}

/**
 * The config of the increment after `parent`: the `days` after its window, asOf moved as far,
 * `addHouseholds` more households, and campaigns started in proportion to the window's length.
 * Their flights keep the configured lengths: one that outlasts the window runs on into the next
 * increment (src/gen/continue/running.ts).
 */
export function continuedConfig(parent: RunConfig, days: number, addHouseholds: number): RunConfig {
  const shift = (iso: string, d: number) => new Date(Date.parse(iso) + d * 86_400_000).toISOString();
  const parentDays = timeWindow(parent).days;
  return {
    ...parent,
    households: parent.households + addHouseholds,
    asOf: shift(parent.asOf, days).replace('.000Z', 'Z'),
    window: { end: shift(`${parent.window.end}T00:00:00Z`, days).slice(0, 10), length: `${days}d` },
    campaigns: {
      ...parent.campaigns,
      count: Math.max(1, Math.round((parent.campaigns.count * days) / parentDays)),
    },
  };
}

export { isoDay };
