import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { DatabricksClient } from '../databricks/client.js';
import type { RetryPolicy } from '../databricks/retry.js';
import { type DatabricksSettingsOptions, resolveDatabricksSettings } from '../databricks/settings.js';
import type { VolumesSinkOptions } from '../sinks/volumes.js';
import { UserError } from '../errors.js';

export interface DatabricksFlags {
  warehouse?: string;
  httpPath?: string;
  profile?: string;
  caFile?: string;
  wait?: string;
}

/**
 * Connection flags. The token is deliberately not a flag (it would land in shell history):
 * DATABRICKS_TOKEN, OAuth client credentials or a ~/.databrickscfg profile supply it.
 */
export function addDatabricksOptions(cmd: Command): Command {
  return cmd
    .option('--warehouse <id>', 'SQL warehouse id (or DATABRICKS_HTTP_PATH / --http-path)')
    .option('--http-path <path>', 'HTTP path of the SQL warehouse, e.g. /sql/1.0/warehouses/abc123')
    .option(
      '--profile <name>',
      'Databricks config profile in ~/.databrickscfg (default: DATABRICKS_CONFIG_PROFILE or DEFAULT); not an AWS profile: S3 takes AWS_PROFILE',
    )
    .option('--ca-file <pem>', 'extra CA certificate to trust (e.g. a corporate TLS proxy)')
    .option('--wait <seconds>', 'how long to keep retrying a warehouse that is starting or unavailable', '900');
}

/** Settings options and retry policy from the flags (environment and profile fill the rest). */
function fromFlags(flags: DatabricksFlags): { settings: DatabricksSettingsOptions; retry: Partial<RetryPolicy> } {
  let ca: string | undefined;
  if (flags.caFile) {
    try {
      ca = readFileSync(flags.caFile, 'utf8');
    } catch {
      throw new UserError(`cannot read --ca-file ${flags.caFile}`, 'pass a PEM certificate file');
    }
  }
  const wait = Number(flags.wait ?? 900);
  if (!Number.isFinite(wait) || wait < 0)
    throw new UserError(`--wait must be a number of seconds ≥ 0 (got '${flags.wait}')`);
  return {
    settings: { warehouse: flags.warehouse, httpPath: flags.httpPath, profile: flags.profile, ca },
    retry: { totalTimeoutMs: wait * 1000, delayMaxMs: Math.max(1000, Math.min(60_000, wait * 250)) },
  };
}

/** Connects; Ctrl-C (`signal`) cancels the running statement and closes the session (CancelledError). */
export async function connectDatabricks(flags: DatabricksFlags, signal?: AbortSignal): Promise<DatabricksClient> {
  const { settings, retry } = fromFlags(flags);
  // Loaded here, not at start-up: the driver's import costs ~0.3 s of every command that never connects.
  const { openDatabricksClient } = await import('../databricks/client.js');
  return openDatabricksClient(resolveDatabricksSettings(settings), { retry, signal });
}

/** What the volumes staging driver needs to connect (it connects only when a /Volumes path is used). */
export const volumesOptions = (flags: DatabricksFlags): VolumesSinkOptions => fromFlags(flags);
