import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

/**
 * Runs the CLI until `ready(pid)` holds (polled every 5 ms), then sends SIGINT once: the exit
 * code, the milliseconds from the signal to the exit, and the output. It fails if the command
 * finished before it could be interrupted.
 */
export async function interruptWhen(args: string[], ready: (pid: number) => boolean, env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'bin', 'idgraph.js'), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  let exited: { code: number | null; at: number } | undefined;
  const exit = new Promise<{ code: number | null; at: number }>((done) =>
    child.on('exit', (code) => {
      exited = { code, at: performance.now() };
      done(exited);
    }),
  );
  while (!exited && !ready(child.pid!)) await new Promise((r) => setTimeout(r, 5));
  expect(exited, `finished before it could be interrupted: ${stdout}${stderr}`).toBeUndefined();
  const sent = performance.now();
  child.kill('SIGINT');
  // A command that ignores Ctrl-C is killed (and the test fails on its time and code), not left running.
  const stray = setTimeout(() => child.kill('SIGKILL'), 5000);
  const { code, at } = await exit;
  clearTimeout(stray);
  return { code, ms: at - sent, stderr, stdout };
}
