import { CancelledError } from '../errors.js';

/** Waits for `work`, but at most `ms`: clean-up after Ctrl-C must not hang on a dead network. */
export async function bounded(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    (work ?? Promise.resolve()).catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
}

/**
 * `work`, unless `signal` aborts first: then `onAbort` runs (cancel the statement, close the
 * session) and the result is a CancelledError, whatever `work` later settles with (a cancelled
 * statement fails; that failure is the interruption, not an error to report).
 */
export function abortable<T>(
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onAbort: () => Promise<void>,
): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const stop = () => {
      work.catch(() => undefined);
      void onAbort()
        .catch(() => undefined)
        .then(() => reject(new CancelledError('interrupted')));
    };
    if (signal.aborted) {
      stop();
      return;
    }
    signal.addEventListener('abort', stop, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', stop);
        if (!signal.aborted) resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', stop);
        if (!signal.aborted) reject(err);
      },
    );
  });
}
