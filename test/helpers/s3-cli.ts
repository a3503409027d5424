import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { tempDir } from './drops.js';

const dist = (p: string) => pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'cli', p)).href;

/**
 * The CLI as main.ts runs it, with `upload` added if main.ts does not register it yet (then
 * this is exactly the real program). Same argv handling and exit-code mapping as main().
 */
const SHIM = `
const { buildProgram } = await import(${JSON.stringify(dist('main.js'))});
const { uploadCommand } = await import(${JSON.stringify(dist('upload.js'))});
const { fail } = await import(${JSON.stringify(dist('output.js'))});
const abort = new AbortController();
process.once('SIGINT', () => abort.abort());
const program = buildProgram(abort.signal);
if (!program.commands.some((c) => c.name() === 'upload')) program.addCommand(uploadCommand(abort.signal).exitOverride());
try {
  await program.parseAsync(['node', 'idgraph', ...process.argv.slice(2)]);
  process.exitCode ??= 0;
} catch (err) {
  if (typeof err?.code === 'string' && err.code.startsWith('commander.')) process.exitCode = err.exitCode === 0 ? 0 : 2;
  else process.exitCode = fail(err);
}
`;

let shimPath: string | undefined;

/** Environment for a CLI run: only the given AWS settings, never the developer's ~/.aws or instance metadata. */
export function isolatedAwsEnv(aws: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', ...aws };
}

/**
 * Runs `idgraph <args>` (compiled, in a child process) and returns its exit code and output.
 * Asynchronous on purpose: the S3 server lives in the test process and must keep answering.
 */
export function uploadCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!shimPath) {
    shimPath = join(tempDir('idgraph-cli-'), 'idgraph-upload.mjs');
    writeFileSync(shimPath, SHIM);
  }
  const child = spawn(process.execPath, [shimPath, ...args], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
