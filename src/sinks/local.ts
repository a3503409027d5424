import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fsUserError, makeDir } from '../fs-errors.js';
import { sha256File } from './hash-file.js';
import { checkKey, type PutOptions, sinkError, type StagingSink, type StoredObject } from './sink.js';

const DRIVER = 'local';
const TEMP = /^\..*\.inprogress$/;

/** Copies files into another directory: written under a hidden temporary name, renamed when verified. */
export async function openLocalSink(dir: string): Promise<StagingSink> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory())
    throw sinkError(DRIVER, `${dir} exists and is not a directory`, 'pass a directory (it is created if missing)');
  return new LocalSink(dir);
}

class LocalSink implements StagingSink {
  readonly driver = DRIVER;
  constructor(private readonly root: string) {}

  describe(): string {
    return this.root;
  }

  private path(key: string): string {
    return join(this.root, ...checkKey(DRIVER, key).split('/'));
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const path = this.path(key);
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw fsError(err, path);
    });
    if (!info?.isFile()) return undefined;
    // No metadata store to remember checksums in: hash the file (a rerun reads, but never rewrites, what is there).
    return { size: info.size, sha256: await sha256File(path) };
  }

  async put(key: string, localPath: string, options: PutOptions): Promise<void> {
    const target = this.path(key);
    const temp = join(dirname(target), `.${target.split(sep).pop()}.inprogress`);
    try {
      await makeDir(dirname(target));
      const hash = createHash('sha256');
      let sent = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          sent += chunk.length;
          options.onProgress?.(sent);
          done(null, chunk);
        },
      });
      await pipeline(createReadStream(localPath), meter, createWriteStream(temp), { signal: options.signal });
      const sha256 = hash.digest('hex');
      if (sent !== options.size || sha256 !== options.sha256) {
        throw sinkError(
          DRIVER,
          `${localPath} does not match the manifest (${sent} bytes, sha256 ${sha256.slice(0, 12)}…; expected ${options.size} bytes, ${options.sha256.slice(0, 12)}…)`,
          'the local drop is damaged: check it with `idgraph validate <drop>` and regenerate it',
        );
      }
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      if ((err as Error).name === 'AbortError' || (err as Error).name === 'UserError') throw err;
      throw fsError(err as NodeJS.ErrnoException, target);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw fsError(err, dir);
      });
      for (const e of entries) {
        const key = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) await walk(join(dir, e.name), key);
        else if (e.isFile() && !TEMP.test(e.name) && key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(this.root, '');
    return keys.sort();
  }

  async readText(key: string): Promise<string | undefined> {
    const path = this.path(key);
    return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
      throw fsError(err, path);
    });
  }

  /** O_EXCL: exactly one process can create the file. */
  async createExclusive(key: string, body: string): Promise<boolean> {
    const path = this.path(key);
    try {
      await makeDir(dirname(path));
      const handle = await open(path, 'wx');
      await handle.writeFile(body);
      await handle.close();
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fsError(err as NodeJS.ErrnoException, path);
    }
  }

  async remove(key: string): Promise<void> {
    const path = this.path(key);
    await rm(path, { force: true }).catch((err: NodeJS.ErrnoException) => {
      throw fsError(err, path);
    });
  }

  async close(): Promise<void> {}
}

function fsError(err: NodeJS.ErrnoException, path: string): Error {
  return fsUserError(err, {
    path,
    doing: 'write',
    tag: DRIVER,
    fix: err.code === 'ENOSPC' ? 'then rerun: files already copied are skipped' : 'or choose another --to',
  }) as Error;
}
