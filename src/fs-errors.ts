import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from './errors.js';

/**
 * File-system failures a user can fix, in one place: every command maps an `ErrnoException` to
 * one message naming the path and the reason, and a fix line (exit 2), instead of an internal
 * error. src/cli/output.ts applies it to anything that reaches the top with an fs error code.
 */
const REASON: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory (or the file system does not allow creating it)',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EBUSY: 'the resource is busy',
  EXDEV: 'it is on another file system',
};

const HINT: Record<string, string> = {
  EACCES: 'check the permissions of the path and its parent folders',
  EPERM: 'check the permissions of the path and its parent folders',
  EROFS: 'choose a path on a writable file system',
  ENOSPC: 'free some space',
  EDQUOT: 'free some space or raise the quota',
  ENOENT: 'check the path; folders are created only on an ordinary writable file system',
  ENOTDIR: 'check the path',
  ENAMETOOLONG: 'choose a shorter path',
  EMFILE: 'raise the open-file limit (ulimit -n)',
  ENFILE: 'raise the open-file limit (ulimit -n)',
};

export const isFsError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error &&
  typeof (err as NodeJS.ErrnoException).code === 'string' &&
  (err as NodeJS.ErrnoException).code! in REASON;

/**
 * `doing` completes "cannot …" (e.g. 'create the output directory'); `fix` is the command's own
 * way out (e.g. 'or choose another --out'). Anything that is not a known fs error passes through.
 */
export function fsUserError(
  err: unknown,
  context: { path?: string; doing?: string; fix?: string; tag?: string } = {},
): unknown {
  if (!isFsError(err)) return err;
  const code = err.code!;
  const path = context.path ?? err.path ?? '(unknown path)';
  const doing = context.doing ?? (err.syscall ? `${err.syscall}` : 'use');
  const hint = [HINT[code] ?? 'check the path', context.fix].filter(Boolean).join(', ');
  return new UserError(
    `${context.tag ? `[${context.tag}] ` : ''}cannot ${doing} ${path}: ${REASON[code]} (${code})`,
    hint,
    {
      cause: err,
    },
  );
}

/**
 * `mkdir -p` with a bound: Node's recursive mkdir retries forever where a parent exists but
 * creating the child fails with ENOENT (under /proc, for one). Each missing level is created
 * once, top down; any failure is thrown as the ErrnoException it is.
 */
export async function makeDir(dir: string): Promise<void> {
  const missing: string[] = [];
  let p = resolve(dir);
  for (;;) {
    const info = await stat(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (info) {
      if (!info.isDirectory())
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${p}'`), {
          code: 'ENOTDIR',
          path: p,
          syscall: 'mkdir',
        });
      break;
    }
    missing.push(p);
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  for (const d of missing.reverse()) {
    await mkdir(d).catch((err: NodeJS.ErrnoException) => {
      // Created meanwhile by another process: fine if it is a directory (the next level or the caller finds out).
      if (err.code !== 'EEXIST') throw err;
    });
  }
}
