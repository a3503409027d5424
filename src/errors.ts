/**
 * Typed errors: library code throws, only src/cli/ prints and picks the exit code.
 * A UserError is something the user can fix (bad config, bad path, refused overwrite): exit 2.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** The run was interrupted (Ctrl-C); cleanup already happened. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'interrupted: stopped the workers and removed this run’s files and the folders it left empty') {
    super(message);
    this.name = 'CancelledError';
  }
}
