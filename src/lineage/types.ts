import type { WriteMode } from '../schema/types.js';

/** One drop of a lineage: its event window [start, end] (UTC days, inclusive), asOf, households so far. */
export interface LineageStep {
  start: string;
  end: string;
  asOf: string;
  households: number;
  /**
   * The campaigns this drop started: ids after `first`, and the count and flight lengths they were
   * drawn with, so a later increment can regenerate the ones still running (src/gen/continue/running.ts).
   * Absent in manifests written before running campaigns continued.
   */
  campaigns?: { first: number; count: number; minDays: number; maxDays: number };
}

/**
 * Ids an increment must start after (FR-015): households and campaigns are numbered past the
 * lineage's last, and each person's event, exposure and response sequence numbers past the
 * highest any earlier drop used, so ids never collide across drops or shards.
 */
export interface HighWater {
  households: number;
  campaigns: number;
  eventSeq: number;
  exposureSeq: number;
  responseSeq: number;
}

/** Where a drop sits in its lineage; recorded in every manifest. */
export interface Lineage {
  /** Fingerprint of the lineage's base drop: drops of one lineage share it. */
  id: string;
  /** 0 for the base, then 1, 2, … for each increment. */
  sequence: number;
  /** The drop this one continues: its fingerprint and the sha256 of its manifest text(s). */
  parent: { fingerprint: string; sha256: string } | null;
  /** Every drop of the lineage up to and including this one, in order. */
  history: LineageStep[];
  highWater: HighWater;
  /** Per table, how this drop is delivered: from the registry. */
  writeModes: Record<string, WriteMode>;
}

/** What a worker needs to continue a lineage (the part of Lineage that shapes the data). */
export interface GenLineage {
  sequence: number;
  history: LineageStep[];
  /** The parent's high-water marks: this drop's ids start after them. */
  start: HighWater;
}
