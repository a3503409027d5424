/**
 * Thread time an increment spends on its recompute, per chunk, for the per-stage split
 * (src/pipeline/stage-times.ts): issue 13's cost target is "7/90 of the base plus the
 * derived-table recompute", so the split shows which part is which. Timing only: never read
 * back by generation, so it cannot change a byte.
 */
const spent = { replayEngagementsMs: 0, replayCampaignsMs: 0, derivedRowsMs: 0 };

export type RecomputeTimes = typeof spent;
export type RecomputeStage = keyof RecomputeTimes;

/** Adds the time since `t0` (a `performance.now()`) to `stage`; returns now, to chain stages. */
export function noteRecompute(stage: RecomputeStage, t0: number): number {
  const now = performance.now();
  spent[stage] += now - t0;
  return now;
}

/** Takes the times noted since the last call and starts over. */
export function takeRecomputeTimes(): RecomputeTimes {
  const out = { ...spent };
  spent.replayEngagementsMs = 0;
  spent.replayCampaignsMs = 0;
  spent.derivedRowsMs = 0;
  return out;
}
