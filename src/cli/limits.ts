import { availableParallelism } from 'node:os';
import { UserError } from '../errors.js';
import {
  MAX_UPLOAD_CONCURRENCY,
  maxUploadConcurrency,
  maxWorkers,
  memoryLimitMb,
  UPLOAD_MEMORY_MB,
  WORKER_MEMORY_MB,
} from '../resources.js';

/**
 * Resource options are refused above what the machine can hold, naming the allowed range and
 * why, rather than quietly lowered: a run should do what its command line says, or not start.
 */
function wholeNumber(name: string, text: string, max: number, why: string, fix: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 1)
    throw new UserError(`--${name} must be a whole number from 1 to ${max} (got '${text}')`, fix);
  if (n > max) throw new UserError(`--${name} ${n} is more than this machine can hold: at most ${max} (${why})`, fix);
  return n;
}

export function workersFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const max = maxWorkers();
  return wholeNumber(
    'workers',
    text,
    max,
    `${availableParallelism()} cores, ${memoryLimitMb()} MB of memory at ~${WORKER_MEMORY_MB} MB per worker`,
    `pass --workers 1 to ${max}, or omit it for one per core; the output does not depend on it`,
  );
}

export function concurrencyFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const max = maxUploadConcurrency();
  return wholeNumber(
    'concurrency',
    text,
    max,
    max === MAX_UPLOAD_CONCURRENCY
      ? `more connections gain nothing against one store`
      : `${memoryLimitMb()} MB of memory at up to ${UPLOAD_MEMORY_MB} MB per file in flight`,
    `pass --concurrency 1 to ${max}, or omit it for the default`,
  );
}
