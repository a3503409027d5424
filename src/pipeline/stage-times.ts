import type { RecomputeStage, RecomputeTimes } from '../gen/continue/recompute-time.js';

/**
 * Where a run's time goes, summed over threads (milliseconds of thread time, not wall time):
 * workers report generate/encode per chunk; the main thread adds stitch (page merging and
 * footers) and write (hash + append). It has no encoder any more: every row arrives as Parquet
 * from a worker, which `workerEncodedRows` counts (issue 12 wants all rows encoded there).
 */
export class StageTimes {
  generateMs = 0;
  workerEncodeMs = 0;
  stitchMs = 0;
  writeMs = 0;
  workerEncodedRows = 0;
  /**
   * An increment's recompute (src/gen/continue/recompute-time.ts), of generateMs and, for the
   * encode stages, of workerEncodeMs: replaying earlier drops' engagements, replaying the base's
   * campaign activity (or reading what the parent saved of it), the derived rows and their
   * encoding, the entity upserts, and the households and people drawn again.
   */
  replayEngagementsMs = 0;
  replayCampaignsMs = 0;
  derivedRowsMs = 0;
  derivedEncodeMs = 0;
  entityUpsertsMs = 0;
  peopleMs = 0;

  addRecompute(r: RecomputeTimes): void {
    for (const stage of Object.keys(r) as RecomputeStage[]) this[stage] += r[stage];
  }
}
