import { UserError } from '../errors.js';
import { memoryLimitMb } from '../resources.js';

/**
 * DuckDB's memory_limit for idgraph's databases. DuckDB's own default is 80% of RAM, which is
 * how a 1M-household load reached 20.9 GB (issue 12); with a limit it spills sorts and inserts
 * to its temp directory instead. 2 GB, or a quarter of memory on a smaller machine (or container).
 */
export function defaultDuckMemoryMb(): number {
  return Math.max(256, Math.min(2048, Math.floor(memoryLimitMb() / 4)));
}

/** `--memory-limit` text (`512MB`, `2GB`, `1.5GB`) → megabytes; anything else is a UserError. */
export function parseMemoryLimit(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(MB|GB)\s*$/i.exec(text);
  const mb = m ? Number(m[1]) * (m[2].toUpperCase() === 'GB' ? 1024 : 1) : NaN;
  if (!m || !(mb >= 128) || mb > memoryLimitMb())
    throw new UserError(
      `--memory-limit must be between 128MB and this machine's ${memoryLimitMb()}MB, like 512MB or 2GB (got '${text}')`,
      `for example --memory-limit ${defaultDuckMemoryMb()}MB (the default)`,
    );
  return Math.floor(mb);
}
