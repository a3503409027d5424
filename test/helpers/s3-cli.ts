import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';

/**
 * On Node < 22 the AWS SDK rightly warns on stderr that it will soon stop supporting it; idgraph
 * no longer hides that from users. The tests below compare idgraph's own stderr exactly, so only
 * when the suite runs on such a Node (this machine's Node 20) is the SDK's notice turned off for them.
 */
const sdkNodeWarning =
  Number(process.versions.node.split('.')[0]) < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } : {};

/** Environment for a CLI run: only the given AWS settings, never the developer's ~/.aws or instance metadata. */
export function isolatedAwsEnv(aws: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return {
    ...env,
    ...sdkNodeWarning,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...aws,
  };
}

/**
 * Runs `idgraph <args>` (compiled, in a child process) and returns its exit code and output.
 * Asynchronous on purpose: the S3 server lives in the test process and must keep answering.
 */
export function uploadCli(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    cwd: PACKAGE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
