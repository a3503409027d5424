import type { EncodedChunk } from '../pipeline/block-task.js';
import { OpenDropFile, dropFilePath, type WrittenFile } from './drop-files.js';

/**
 * Receives encoded chunks strictly in chunk order and stitches each part onto the open file of
 * its (table, partition), starting a new file once one reaches the target size. Because the
 * order and the bytes of parts are fixed, file boundaries and bytes are too, whatever the
 * worker count or block size.
 */
export class DropWriter {
  private readonly open = new Map<string, OpenDropFile>();
  readonly files: WrittenFile[] = [];

  constructor(private readonly root: string, private readonly targetBytes: number, private readonly fingerprint: string,
    private readonly onFile: (file: WrittenFile) => Promise<void> = async () => {}) {}

  async write(chunk: EncodedChunk): Promise<void> {
    for (const part of chunk.parts) {
      const key = part.day === undefined ? part.table : `${part.table}/${part.day}`;
      let file = this.open.get(key);
      if (!file) {
        file = await OpenDropFile.open(this.root, dropFilePath(part.table, part.day, chunk.chunk, this.fingerprint), part.table);
        this.open.set(key, file);
      }
      await file.append(part.bytes, part.rows);
      if (file.bytes >= this.targetBytes) {
        this.open.delete(key);
        await this.commit(file);
      }
    }
  }

  private async commit(file: OpenDropFile): Promise<void> {
    const written = await file.commit();
    this.files.push(written);
    await this.onFile(written);
  }

  /** Completes every open file (in a fixed order, so the file list is deterministic too). */
  async finish(): Promise<WrittenFile[]> {
    const keys = [...this.open.keys()].sort();
    for (const key of keys) await this.commit(this.open.get(key)!);
    this.open.clear();
    return this.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Removes unfinished files (interrupt or failure): nothing partial remains under a final name. */
  async abort(): Promise<void> {
    await Promise.all([...this.open.values()].map((f) => f.discard()));
    this.open.clear();
  }
}
