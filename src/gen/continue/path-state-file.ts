import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IDGRAPH_VERSION } from '../../package-info.js';

/**
 * A drop's saved base paths (path-state.ts), one file per chunk under `_state/`: outside the
 * manifest, never loaded or uploaded, a cache the next increment reads instead of replaying. It
 * is used only when everything matches: the drop's fingerprint (its config and parent), the chunk,
 * the idgraph version that wrote it, and a SHA-256 over the file; anything else
 * (a file of another drop, a torn write, an older idgraph) and the increment replays the base,
 * which gives the same bytes, only slower.
 *
 * Layout: "IDGSTATE", u32 LE header length, the header (JSON), the body, the SHA-256 of everything
 * before it.
 */
export const STATE_DIR = '_state';
const MAGIC = 'IDGSTATE';
/** Bumped whenever the body's layout (path-state.ts) changes: an older file is then not read. */
const FORMAT = 1;

const fileName = (chunk: number): string => `chunk-${String(chunk).padStart(6, '0')}.bin`;

interface Header {
  format: number;
  idgraph: string;
  fingerprint: string;
  chunk: number;
}

const headerOf = (fingerprint: string, chunk: number): Header => ({
  format: FORMAT,
  idgraph: IDGRAPH_VERSION,
  fingerprint,
  chunk,
});

/** The file's bytes for one chunk's body, written by the drop whose fingerprint this is. */
export function frameState(body: Uint8Array, fingerprint: string, chunk: number): Uint8Array {
  const header = JSON.stringify(headerOf(fingerprint, chunk));
  const head = Buffer.alloc(12);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(Buffer.byteLength(header), 8);
  const parts = [head, Buffer.from(header), Buffer.from(body.buffer, body.byteOffset, body.byteLength)];
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p);
  return Buffer.concat([...parts, hash.digest()]);
}

/**
 * The body saved for `chunk` by the drop `fingerprint` in `dir` (a drop folder), or undefined when
 * there is none or it does not match in every respect (see above).
 */
export function readState(dir: string, chunk: number, fingerprint: string): Uint8Array | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, STATE_DIR, fileName(chunk)));
  } catch {
    return undefined;
  }
  if (bytes.length < 12 + 32 || bytes.toString('latin1', 0, 8) !== MAGIC) return undefined;
  const end = bytes.length - 32;
  const sum = createHash('sha256').update(bytes.subarray(0, end)).digest();
  if (!sum.equals(bytes.subarray(end))) return undefined;
  const length = bytes.readUInt32LE(8);
  const start = 12 + length;
  if (start > end) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, start)) as Header;
  } catch {
    return undefined;
  }
  const expected = headerOf(fingerprint, chunk);
  for (const k of Object.keys(expected) as (keyof Header)[]) if (header[k] !== expected[k]) return undefined;
  return bytes.subarray(start, end);
}

/** Writes one chunk's file under a temporary name, then renames it: a reader never sees half a file. */
export async function writeState(dir: string, chunk: number, bytes: Uint8Array): Promise<string> {
  const folder = join(dir, STATE_DIR);
  await mkdir(folder, { recursive: true });
  const path = join(folder, fileName(chunk));
  const temp = `${path}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return path;
}
