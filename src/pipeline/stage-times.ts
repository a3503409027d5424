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
}
