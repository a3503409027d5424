import { type Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { DEFAULT_S3_TIMEOUTS, parseSeconds, S3_TIMEOUT_SETTINGS, type S3Timeouts } from '../sinks/s3-client.js';
import type { RetryNotice } from '../sinks/s3-retry.js';
import type { OpenSinkOptions } from '../sinks/sink.js';
import { warn } from './output.js';

export interface S3TimeoutFlags {
  connectTimeout?: string;
  requestTimeout?: string;
  retryBudget?: string;
}

const s = (ms: number) => ms / 1000;

/** The S3 bounds, on every command that stages files (upload, generate --to). */
export function addS3TimeoutOptions(cmd: Command): Command {
  const d = DEFAULT_S3_TIMEOUTS;
  const env = (k: keyof S3Timeouts) => S3_TIMEOUT_SETTINGS[k].env;
  return cmd
    .option(
      '--connect-timeout <seconds>',
      `S3: give up connecting after this long (default: ${env('connectMs')} or ${s(d.connectMs)})`,
    )
    .option(
      '--request-timeout <seconds>',
      `S3: give up on one request that has no answer after this long, then retry (default: ${env('requestMs')} or ${s(d.requestMs)})`,
    )
    .option(
      '--retry-budget <seconds>',
      `S3: the longest one request may take with all its retries (default: ${env('retryBudgetMs')} or ${s(d.retryBudgetMs)})`,
    );
}

/**
 * Sink options for S3: the bounds from the flags (the sink falls back to IDGRAPH_S3_* and the
 * defaults), Ctrl-C, and a line on stderr while a slow or silent store is retried.
 */
export function s3SinkOptions(flags: S3TimeoutFlags, signal: AbortSignal | undefined): OpenSinkOptions['s3'] {
  const ms = (text: string | undefined, flag: string) => (text === undefined ? undefined : parseSeconds(text, flag));
  return {
    timeouts: {
      connectMs: ms(flags.connectTimeout, '--connect-timeout'),
      requestMs: ms(flags.requestTimeout, '--request-timeout'),
      retryBudgetMs: ms(flags.retryBudget, '--retry-budget'),
    },
    signal,
    onRetry: retryReporter(),
  };
}

/**
 * Quick retries of a flaky store are the retry strategy's business; a wait the user would
 * notice (a timeout, or a request retried for 10 s or more) gets one line, at most one a second.
 */
function retryReporter(): (n: RetryNotice) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (n) => {
    if (!n.timeout && n.elapsedMs < 10_000) return;
    const now = performance.now();
    if (now - last < 1000) return;
    last = now;
    warn(
      `idgraph: [s3] ${n.timeout ? 'no answer in time' : n.reason}; retrying (attempt ${n.attempt} of ${n.maxAttempts}, ${Math.round(n.elapsedMs / 1000)} s of the ${Math.round(n.budgetMs / 1000)} s retry budget used; Ctrl-C to stop)`,
    );
  };
}

/**
 * `--endpoint-url`, as the AWS CLI spells it, with `--endpoint` kept as a hidden alias; both
 * land in `endpoint`. `when` says which runs use it (e.g. "with --to s3://…: ").
 */
export function addEndpointOption(cmd: Command, when = ''): Command {
  return cmd
    .option(
      '--endpoint-url <url>',
      `${when}S3-compatible endpoint, as for the AWS CLI (default: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, else AWS; implies path-style addressing). --endpoint is an alias`,
    )
    .addOption(new Option('--endpoint <url>', 'alias of --endpoint-url').hideHelp())
    .hook('preAction', (self) => {
      const o = self.opts<{ endpointUrl?: string; endpoint?: string }>();
      if (o.endpointUrl !== undefined && o.endpoint !== undefined && o.endpointUrl !== o.endpoint)
        throw new UserError(
          '--endpoint-url and --endpoint name different endpoints',
          'pass one of them (--endpoint is an alias of --endpoint-url)',
        );
      if (o.endpointUrl !== undefined) self.setOptionValue('endpoint', o.endpointUrl);
    });
}
