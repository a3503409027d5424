/**
 * Where the emulator finds staged files: a local mirror of a staging location, rebuilt on each
 * request from what is staged right now — on the fake's volumes, or on the loopback S3 server.
 */
import { GetObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface StagingMirror {
  /** For DeltaEmulatorOptions.staging. */
  resolve(url: string): Promise<string | undefined>;
  /** Removes every mirror made. */
  close(): void;
}

function mirrorOf(files: Iterable<[string, Uint8Array]>): string | undefined {
  let dir: string | undefined;
  for (const [relative, bytes] of files) {
    dir ??= mkdtempSync(join(tmpdir(), 'idgraph-emulator-'));
    const path = join(dir, ...relative.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }
  return dir;
}

/** Files of the fake's volumes (`fake.staged`), by `/Volumes/…` path. */
export function volumeMirror(staged: Map<string, Buffer>): StagingMirror {
  const made: string[] = [];
  return {
    async resolve(url) {
      const prefix = `${url.replace(/\/+$/, '')}/`;
      const dir = mirrorOf(
        [...staged].filter(([p]) => p.startsWith(prefix)).map(([p, b]) => [p.slice(prefix.length), b]),
      );
      if (dir) made.push(dir);
      return dir;
    },
    close: () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** Objects on an S3 server (the loopback s3rver), by `s3://bucket/prefix` URL. */
export function s3Mirror(client: S3Client): StagingMirror {
  const made: string[] = [];
  return {
    async resolve(url) {
      const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
      if (!m) return undefined;
      const [, bucket, rawPrefix] = m;
      const prefix = rawPrefix ? `${rawPrefix.replace(/\/+$/, '')}/` : '';
      const files: [string, Uint8Array][] = [];
      let marker: string | undefined;
      do {
        const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker }));
        for (const o of page.Contents ?? []) {
          const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
          files.push([o.Key!.slice(prefix.length), await object.Body!.transformToByteArray()]);
        }
        marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined;
      } while (marker);
      const dir = mirrorOf(files);
      if (dir) made.push(dir);
      return dir;
    },
    close: () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    },
  };
}
