import { availableParallelism, totalmem } from 'node:os';

/**
 * What this machine can hold, for the resource options. A worker is a V8 isolate whose old
 * generation is capped at 512 MB (src/pipeline/generate.ts), plus its young generation (96 MB), the
 * Arrow/Parquet buffers of the block it encodes and the chunks waiting for the writer.
 */
export const WORKER_MEMORY_MB = 768;
/** A file in flight to staging is read whole (single PUT, < 64 MB) or as 4 parts of 16 MB. */
export const UPLOAD_MEMORY_MB = 64;
/** More connections than this gain nothing against one store and trip its rate limits. */
export const MAX_UPLOAD_CONCURRENCY = 256;

/** Physical memory, or the container's (cgroup) limit when that is lower. */
export function memoryLimitMb(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const total = totalmem();
  return Math.floor((constrained > 0 && constrained < total ? constrained : total) / 1024 / 1024);
}

/**
 * Up to twice the cores (more only adds context switches; output does not depend on it), and
 * no more than three quarters of memory divided by what one worker may use.
 */
export function maxWorkers(): number {
  const byMemory = Math.floor((memoryLimitMb() * 0.75) / WORKER_MEMORY_MB);
  return Math.max(1, Math.min(2 * availableParallelism(), byMemory));
}

/** Half of memory divided by what one file in flight may hold, at most MAX_UPLOAD_CONCURRENCY. */
export function maxUploadConcurrency(): number {
  const byMemory = Math.floor((memoryLimitMb() * 0.5) / UPLOAD_MEMORY_MB);
  return Math.max(1, Math.min(MAX_UPLOAD_CONCURRENCY, byMemory));
}
