import { MICROS_PER_DAY } from '../../config/window.js';
import { CONTENT_CATEGORIES, DEVICE_TYPES } from '../../schema/domains.js';
import { type Audience, writeAudience } from '../audience.js';
import type { ChunkOutput } from '../chunk-output.js';
import type { EngagementSummary } from '../engagements.js';
import type { Person } from '../people.js';
import { ASPECT, Rng } from '../rng.js';
import type { Rolling } from './rolling.js';

const CATEGORIES = CONTENT_CATEGORIES.length;

/**
 * One person's replayed engagements of the earlier drops, counted per UTC day and category (and
 * the last instant of each day): enough to rebuild the audience row any earlier drop computed over
 * its own rolling window. A path spanning drops is targeted, in each drop, by that drop's audience
 * row (paths.ts), so an increment needs the rows of the drops its running campaigns span again;
 * they are pure functions of these counts, the person and that drop's streams.
 */
export class PersonDays {
  /** Days counted since the last reset (the part of the buffers to clear). */
  private from = Number.POSITIVE_INFINITY;
  private to = -1;
  private readonly firstDay: number;
  private readonly counts: Int32Array;
  private readonly last: Float64Array;
  readonly record: (micros: number, category: number) => void;

  constructor(private readonly rolling: Rolling) {
    this.firstDay = Math.floor(rolling.historyFrom / MICROS_PER_DAY);
    const lastDay = Math.max(
      this.firstDay,
      ...rolling.steps.map((s) => Math.ceil(s.ctx.window.endMicros / MICROS_PER_DAY)),
    );
    const days = lastDay - this.firstDay;
    this.counts = new Int32Array(days * CATEGORIES);
    this.last = new Float64Array(days);
    this.record = (micros, category) => {
      const d = Math.floor(micros / MICROS_PER_DAY) - this.firstDay;
      if (d < 0 || d >= this.last.length) return;
      this.counts[d * CATEGORIES + category]++;
      if (micros > this.last[d]) this.last[d] = micros;
      if (d < this.from) this.from = d;
      if (d > this.to) this.to = d;
    };
  }

  /** Ready for the next person: one buffer per worker, not one per person (the allocations showed in GC time). */
  reset(): void {
    if (this.to < 0) return;
    this.counts.fill(0, this.from * CATEGORIES, (this.to + 1) * CATEGORIES);
    this.last.fill(0, this.from, this.to + 1);
    this.from = Number.POSITIVE_INFINITY;
    this.to = -1;
  }

  /** The engagement summary of [from, to) (whole UTC days; devices and hours are not kept). */
  summary(fromMicros: number, toMicros: number): EngagementSummary {
    const s: EngagementSummary = {
      total: 0,
      lastMicros: 0,
      categoryCounts: new Int32Array(CATEGORIES),
      deviceCounts: new Int32Array(DEVICE_TYPES.length),
      hourCounts: new Int32Array(24),
    };
    const from = Math.max(0, Math.floor(fromMicros / MICROS_PER_DAY) - this.firstDay);
    const to = Math.min(this.last.length, Math.floor(toMicros / MICROS_PER_DAY) - this.firstDay);
    for (let d = from; d < to; d++) {
      for (let c = 0; c < CATEGORIES; c++) {
        const n = this.counts[d * CATEGORIES + c];
        s.categoryCounts[c] += n;
        s.total += n;
      }
      if (this.last[d] > s.lastMicros) s.lastMicros = this.last[d];
    }
    return s;
  }

  /**
   * The audience row and own-window engagement count of each earlier drop from `rolling.firstAudience`
   * on in which the household existed, by sequence: as that drop computed them (chunk.ts), over its
   * rolling window, with its audience stream.
   */
  audiences(
    scratch: ChunkOutput,
    personId: number,
    person: Person,
    householdIncome: number,
    tastes: Float64Array,
    born: number,
  ): { audiences: (Audience | undefined)[]; engagements: number[] } {
    const audiences: (Audience | undefined)[] = [];
    const engagements: number[] = [];
    for (const { sequence, ctx } of this.rolling.steps) {
      if (sequence < this.rolling.firstAudience || sequence < born || sequence === 0) continue;
      const w = ctx.window;
      const derived = this.summary(w.endMicros - this.rolling.days * MICROS_PER_DAY, w.endMicros);
      audiences[sequence] = writeAudience(
        ctx,
        Rng.for(ctx.eventSeedW, ASPECT.audience, personId),
        scratch,
        personId,
        person,
        householdIncome,
        tastes,
        derived,
        this.rolling.days,
      );
      engagements[sequence] = this.summary(w.startMicros, w.endMicros).total;
    }
    return { audiences, engagements };
  }
}
