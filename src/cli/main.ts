import { Command, CommanderError } from 'commander';
import { setMaxListeners } from 'node:events';
import { generateCommand } from './generate.js';
import { htmlReportCommand } from './html-report.js';
import { initCommand } from './init.js';
import { loadCommand } from './load.js';
import { previewCommand } from './preview.js';
import { runCommand } from './run.js';
import { sealCommand } from './seal.js';
import { sqlCommand } from './sql.js';
import { uploadCommand } from './upload.js';
import { validateCommand } from './validate.js';
import { fail } from './output.js';
import { organiseHelp } from './help-groups.js';
import { IDGRAPH_VERSION } from '../package-info.js';
import { CancelledError } from '../errors.js';

export function buildProgram(signal: AbortSignal): Command {
  const program = new Command('idgraph')
    .description(
      'Synthetic consumer identity graph: generate Parquet drops, load them into DuckDB or Databricks, validate them.',
    )
    .version(IDGRAPH_VERSION, '-V, --version', 'print the idgraph version')
    .showHelpAfterError()
    .exitOverride();
  for (const cmd of [
    initCommand(),
    runCommand(signal),
    generateCommand(signal),
    uploadCommand(signal),
    sealCommand(),
    loadCommand(signal),
    validateCommand(signal),
    sqlCommand(signal),
    htmlReportCommand(),
    previewCommand(),
  ])
    program.addCommand(organiseHelp(cmd).exitOverride());
  return program;
}

/** Entry point: parses argv, runs the command, maps errors to exit codes (2 user error, 1 failed check). */
export async function main(argv: string[]): Promise<void> {
  const abort = new AbortController();
  // One Ctrl-C signal is shared by every request in flight (hundreds in a large upload), each
  // listening while it runs: that is not the leak Node's default limit of 10 warns about.
  setMaxListeners(0, abort.signal);
  // `idgraph … | head` closes stdout early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  // First Ctrl-C asks the pipeline to stop and clean up; a second one exits at once.
  process.once('SIGINT', () => {
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  try {
    await buildProgram(abort.signal).parseAsync(argv);
    process.exitCode ??= 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    // After Ctrl-C, whatever the interrupted work failed with (an aborted request, an
    // interrupted query), the answer is "interrupted", exit 130.
    const interrupted = abort.signal.aborted && (err as Error)?.name !== 'CancelledError';
    process.exitCode = fail(
      interrupted ? new CancelledError('interrupted: stopped; nothing was left half-written') : err,
    );
  }
}
