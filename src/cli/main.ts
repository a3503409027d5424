import { Command, CommanderError } from 'commander';
import { generateCommand } from './generate.js';
import { loadCommand } from './load.js';
import { previewCommand } from './preview.js';
import { runCommand } from './run.js';
import { sqlCommand } from './sql.js';
import { uploadCommand } from './upload.js';
import { validateCommand } from './validate.js';
import { fail } from './output.js';
import { IDGRAPH_VERSION } from '../package-info.js';

export function buildProgram(signal: AbortSignal): Command {
  const program = new Command('idgraph')
    .description(
      'Synthetic consumer identity graph: generate Parquet drops, load them into DuckDB or Databricks, validate them.',
    )
    .version(IDGRAPH_VERSION, '-V, --version', 'print the idgraph version')
    .showHelpAfterError()
    .exitOverride();
  for (const cmd of [
    runCommand(signal),
    generateCommand(signal),
    uploadCommand(signal),
    loadCommand(),
    validateCommand(),
    sqlCommand(),
    previewCommand(),
  ])
    program.addCommand(cmd.exitOverride());
  return program;
}

/** Entry point: parses argv, runs the command, maps errors to exit codes (2 user error, 1 failed check). */
export async function main(argv: string[]): Promise<void> {
  const abort = new AbortController();
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
    process.exitCode = fail(err);
  }
}
