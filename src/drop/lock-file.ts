import { hostname } from 'node:os';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import { UserError } from '../errors.js';

/**
 * Who holds a lock. Written into the lock file so a refused writer can be told whom to wait for,
 * and so a lock left by a process that died on this host can be recognised and broken.
 */
export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  /** ISO time the lock was taken: for people only (the data never reads the clock). */
  since: string;
  /** The engine task this process runs as (see engineTask), when it runs under one. */
  task?: string;
}

export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

export const LOCK_NAME = '.idgraph.lock';

/**
 * The engine task this process is an attempt of, the same for every attempt: an AWS Batch job
 * (AWS_BATCH_JOB_ID; an array child's id ends in its index), or a Kubernetes Indexed Job's index
 * with the Job's uid in IDGRAPH_JOB_ID (deploy/kubernetes/indexed-job.yaml sets it from the pod's
 * `batch.kubernetes.io/controller-uid` label). Engines run one attempt of a task at a time, so a
 * lock held by an earlier attempt, killed on another host, belongs to no running process.
 */
export function engineTask(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.AWS_BATCH_JOB_ID) return `aws-batch:${env.AWS_BATCH_JOB_ID}`;
  if (env.IDGRAPH_JOB_ID && env.JOB_COMPLETION_INDEX !== undefined)
    return `kubernetes:${env.IDGRAPH_JOB_ID}:${env.JOB_COMPLETION_INDEX}`;
  return undefined;
}

export const thisHolder = (command: string): LockHolder => ({
  pid: process.pid,
  host: hostname(),
  command,
  since: new Date().toISOString(),
  ...(engineTask() ? { task: engineTask() } : {}),
});

/** Whether a process with this pid exists on this host (EPERM: it exists, owned by someone else). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A lock is stale when its holder was on this host and that process is gone, or when it was an
 * earlier attempt of the engine task this process runs as (wherever it ran: see engineTask).
 */
export const isStale = (h: LockHolder | undefined): boolean => {
  if (h === undefined) return false;
  const self = h.host === hostname() && h.pid === process.pid;
  if (!self && h.task !== undefined && h.task === engineTask()) return true;
  return h.host === hostname() && h.pid !== process.pid && !alive(h.pid);
};

export function heldError(what: string, lockPath: string, h: LockHolder | undefined): UserError {
  const who = h ? `${h.command} (pid ${h.pid} on ${h.host}, since ${h.since})` : 'another idgraph process';
  return new UserError(
    `${what} is in use by ${who}`,
    `wait for it to finish, or use another location; if that process is gone for sure, delete ${lockPath}`,
  );
}

/**
 * Takes an exclusive lock: a file created with O_EXCL (`wx`), which exactly one process can
 * create, holding the holder's pid and host. Hand-written rather than proper-lockfile, because
 * that library judges staleness by mtime (a long run must keep touching the file, and a paused
 * laptop loses its lock) and records no holder to name; here a lock is stale exactly when its
 * pid is dead on this host, and a lock from another host is never broken automatically.
 * A stale lock is moved aside under a unique name and checked before deletion, so two processes
 * breaking the same stale lock cannot both win.
 */
export async function acquireLock(lockPath: string, what: string, command: string): Promise<HeldLock> {
  const me = thisHolder(command);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      return { path: lockPath, release: () => unlink(lockPath).catch(() => {}) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') {
        throw new UserError(`cannot create lock file ${lockPath} (${code})`, 'check the folder and its permissions', {
          cause: err,
        });
      }
    }
    const text = await readFile(lockPath, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = parseHolder(text);
    if (!isStale(holder)) throw heldError(what, lockPath, holder);
    await breakStale(lockPath, text);
  }
  throw heldError(what, lockPath, undefined);
}

/** Moves the stale lock aside; if what was moved is not the stale lock (a new holder won meanwhile), puts it back. */
async function breakStale(lockPath: string, staleText: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  // link() never overwrites: a lock taken in between is not clobbered.
  if (moved !== staleText) await link(aside, lockPath).catch(() => {});
  await unlink(aside).catch(() => {});
}
