import { appendFile, open, rm } from 'node:fs/promises';

/** Where a kept part lies in the spill file. */
export interface KeptRef {
  offset: number;
  length: number;
}

/**
 * Parts waiting for their row group, kept on disk rather than in memory: a long window keeps
 * a group per day and table open, and at 1M households that was ~0.5 GB of compressed parts
 * held by the main thread. Appended in arrival order, so every group is one contiguous range
 * read back with a single read. The OS page cache, not the process, holds the recent ones.
 */
export class KeptParts {
  private size = 0;
  constructor(readonly path: string) {}

  async add(bytes: Uint8Array): Promise<KeptRef> {
    await appendFile(this.path, bytes);
    const ref = { offset: this.size, length: bytes.length };
    this.size += bytes.length;
    return ref;
  }

  /** The parts of `refs` (consecutive, as groups are), as views into one buffer. */
  async read(refs: KeptRef[]): Promise<Uint8Array[]> {
    if (refs.length === 0) return [];
    const start = refs[0].offset;
    const end = refs[refs.length - 1].offset + refs[refs.length - 1].length;
    for (let i = 1; i < refs.length; i++)
      if (refs[i].offset !== refs[i - 1].offset + refs[i - 1].length) throw new Error('kept parts: not consecutive');
    const buf = new Uint8Array(end - start);
    const fh = await open(this.path, 'r');
    try {
      let at = 0;
      while (at < buf.length) {
        const { bytesRead } = await fh.read(buf, at, buf.length - at, start + at);
        if (bytesRead === 0) throw new Error(`kept parts: ${this.path} is shorter than expected`);
        at += bytesRead;
      }
    } finally {
      await fh.close();
    }
    return refs.map((r) => buf.subarray(r.offset - start, r.offset - start + r.length));
  }

  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
