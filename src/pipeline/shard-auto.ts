import { UserError } from '../errors.js';
import type { Shard } from '../write/manifest.js';
import { parseShard } from './plan.js';

/** Where the engines people already run put each task's index (first one set wins). */
export const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/**
 * `--shard K/N`, or `--shard auto --shards N` with K from the task's environment: a Kubernetes
 * Indexed Job sets JOB_COMPLETION_INDEX, an AWS Batch array job AWS_BATCH_JOB_ARRAY_INDEX. N is
 * always given explicitly, so a misconfigured engine cannot silently change the split.
 */
export function resolveShard(shard: string | undefined, shards: string | undefined, env = process.env): Shard {
  if (shard !== 'auto') {
    if (shards !== undefined)
      throw new UserError('--shards goes with --shard auto', 'pass --shard auto --shards N, or --shard K/N alone');
    return parseShard(shard);
  }
  const count = Number(shards);
  if (shards === undefined || !Number.isInteger(count) || count < 1)
    throw new UserError(
      `--shard auto needs --shards N, the number of shards (got ${shards === undefined ? 'none' : `'${shards}'`})`,
      "pass the job's parallelism / array size, e.g. --shard auto --shards 16",
    );
  const name = SHARD_INDEX_VARIABLES.find((v) => env[v] !== undefined && env[v] !== '');
  if (!name)
    throw new UserError(
      `--shard auto: neither ${SHARD_INDEX_VARIABLES.join(' nor ')} is set`,
      'run it as a Kubernetes Indexed Job or an AWS Batch array job, or pass --shard K/N',
    );
  const text = env[name]!;
  const index = Number(text);
  if (!/^\d+$/.test(text) || index >= count)
    throw new UserError(
      `--shard auto: ${name}=${text} is not a shard index below --shards ${count}`,
      `set --shards to the job's completions / array size (${name} runs 0..N-1)`,
    );
  return { index, count };
}
