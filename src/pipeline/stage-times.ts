/**
 * Where a run's time goes, summed over threads (milliseconds of thread time, not wall time):
 * workers report generate/encode per chunk; the main thread adds its own encode (small parts
 * coalesced there), stitch (footer rewriting) and write (hash + append). `npm run bench` prints
 * it; rows encoded on the main thread is the structural number issue 12 wants at 0.
 */
export class StageTimes {
  generateMs = 0;
  workerEncodeMs = 0;
  mainEncodeMs = 0;
  stitchMs = 0;
  writeMs = 0;
  mainEncodedRows = 0;
  workerEncodedRows = 0;
}

/** Runs `f`, adding its duration to `add`; for async steps of the single-threaded writer. */
export async function timed<T>(f: () => Promise<T>, add: (ms: number) => void): Promise<T> {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    add(performance.now() - t0);
  }
}
