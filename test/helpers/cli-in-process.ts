import { main } from '../../src/cli/main.js';

type Write = typeof process.stdout.write;

/**
 * Runs `idgraph <args>` inside the test process: the CLI's own entry point (src/cli/main.ts),
 * so the same parser, UserError printing and exit codes as the binary, minus a Node start-up
 * per case. Meant for commands that stop before doing work (bad flags or config, --help);
 * anything that generates, loads or talks to a server runs in a child (cli.ts), as a user would.
 */
export async function cliInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { stdout: out, stderr: err } = process;
  const writes = { out: out.write, err: err.write };
  const before = { sigint: process.listeners('SIGINT'), outError: out.listeners('error'), exitCode: process.exitCode };
  let stdout = '';
  let stderr = '';
  out.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as Write;
  err.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as Write;
  process.exitCode = undefined;
  try {
    await main(['node', 'idgraph', ...args]);
    return { code: Number(process.exitCode ?? 0), stdout, stderr };
  } finally {
    out.write = writes.out;
    err.write = writes.err;
    // main() listens for Ctrl-C and EPIPE as a process would once: take its listeners back off.
    for (const l of process.listeners('SIGINT')) if (!before.sigint.includes(l)) process.removeListener('SIGINT', l);
    for (const l of out.listeners('error'))
      if (!before.outError.includes(l)) out.removeListener('error', l as (e: Error) => void);
    process.exitCode = before.exitCode;
  }
}
