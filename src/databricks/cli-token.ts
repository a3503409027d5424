/**
 * Profiles written by `databricks auth login` hold no secret (`auth_type = databricks-cli`): the
 * Databricks CLI keeps an OAuth token cache and prints a fresh access token with
 * `databricks auth token --profile <name>`, as JSON with access_token, token_type and expiry
 * (https://docs.databricks.com/aws/en/dev-tools/cli/reference/auth-commands "databricks auth token").
 * The token is fetched once per command and is valid for about an hour.
 */
import { execFileSync } from 'node:child_process';
import { UserError } from '../errors.js';

/** Auth types idgraph can use, for messages. */
export const SUPPORTED_AUTH =
  'a personal access token (DATABRICKS_TOKEN or `token = …`), an OAuth service principal (DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET or `client_id` / `client_secret`), or a `databricks auth login` profile (`auth_type = databricks-cli`)';

export function databricksCliToken(profile: string, env: NodeJS.ProcessEnv): string {
  let out: string;
  try {
    out = execFileSync('databricks', ['auth', 'token', '--profile', profile, '--output', 'json'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new UserError(
        `profile [${profile}] uses auth_type = databricks-cli, but the databricks CLI is not on PATH`,
        `install the Databricks CLI and run \`databricks auth login --profile ${profile}\`, or use ${SUPPORTED_AUTH.split(', or a')[0]}`,
      );
    const reason = (e.stderr ?? '').trim().split('\n')[0] || e.message.split('\n')[0];
    throw new UserError(
      `\`databricks auth token --profile ${profile}\` failed: ${reason}`,
      `log in again with \`databricks auth login --profile ${profile}\``,
    );
  }
  let token: unknown;
  try {
    token = (JSON.parse(out) as { access_token?: unknown }).access_token;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '')
    throw new UserError(
      `\`databricks auth token --profile ${profile}\` printed no access_token`,
      `update the Databricks CLI and log in again with \`databricks auth login --profile ${profile}\``,
    );
  return token;
}
