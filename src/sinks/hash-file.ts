import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hex sha256 of a file, streamed (files can be larger than memory). */
export async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** S3 wants checksums base64-encoded; manifests carry hex. */
export const hexToBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
