import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { hexToBase64, sha256File } from './hash-file.js';
import { createS3Client, printableEndpoint, type S3ClientSettings, type S3Timeouts } from './s3-client.js';
import { mapS3Error, type S3Operation } from './s3-errors.js';
import { checkKey, type PutOptions, sinkError, type StagingSink, type StoredObject } from './sink.js';

const DRIVER = 's3';
const MB = 1024 * 1024;

export interface S3SinkOptions extends S3ClientSettings {
  /** Files of at least this size go multipart (default 64 MB); smaller ones in one PutObject. */
  multipartThreshold?: number;
  /** Multipart part size (default 16 MB; S3's minimum is 5 MB). */
  partSize?: number;
  /** Parts of one file in flight at once (default 4): memory per file is partSize × this. */
  partConcurrency?: number;
  /** Ctrl-C: every request (probe, HEAD, list, PUT) and every wait between retries stops at once. */
  signal?: AbortSignal;
}

/**
 * Opens `s3://bucket/prefix` and checks, with one ListObjects, that the bucket exists and the
 * credentials work, so a typo fails before anything is read or sent.
 */
export async function openS3Sink(bucket: string, prefix: string, options: S3SinkOptions = {}): Promise<StagingSink> {
  const { client, endpoint, timeouts } = await createS3Client(options);
  const sink = new S3Sink(client, bucket, prefix, endpoint && printableEndpoint(endpoint), timeouts, options);
  try {
    await sink.probe();
  } catch (err) {
    await sink.close();
    throw err;
  }
  return sink;
}

class S3Sink implements StagingSink {
  readonly driver = DRIVER;
  private readonly threshold: number;
  private readonly partSize: number;
  private readonly partConcurrency: number;
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
    private readonly endpoint: string | undefined,
    private readonly timeouts: S3Timeouts,
    options: S3SinkOptions,
  ) {
    this.signal = options.signal;
    this.partSize = Math.max(5 * MB, options.partSize ?? 16 * MB);
    this.threshold = Math.max(this.partSize, options.multipartThreshold ?? 64 * MB);
    this.partConcurrency = Math.max(1, options.partConcurrency ?? 4);
  }

  describe(): string {
    return `s3://${this.bucket}/${this.prefix}${this.endpoint ? ` (endpoint ${this.endpoint})` : ''}`;
  }

  private fail(err: unknown, op: S3Operation, key?: string): Error {
    return mapS3Error(err, {
      op,
      bucket: this.bucket,
      prefix: this.prefix,
      key,
      endpoint: this.endpoint,
      timeouts: this.timeouts,
    });
  }

  /**
   * Listing uses ListObjects (v1, paged by marker) rather than v2: some S3-compatible stores
   * (s3rver on OpenSSL 3) fail to mint v2 continuation tokens, and both need s3:ListBucket.
   */
  async probe(): Promise<void> {
    try {
      await this.client.send(new ListObjectsCommand({ Bucket: this.bucket, Prefix: this.prefix, MaxKeys: 1 }), {
        abortSignal: this.signal,
      });
    } catch (err) {
      throw this.fail(err, 'list');
    }
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const Key = this.prefix + checkKey(DRIVER, key);
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key, ChecksumMode: 'ENABLED' }),
        {
          abortSignal: this.signal,
        },
      );
      return { size: head.ContentLength ?? 0, sha256: head.Metadata?.sha256 ?? fullObjectSha256(head.ChecksumSHA256) };
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404) {
        // A HEAD has no body, so a missing bucket also reads as 404: the probe at open rules that out.
        return undefined;
      }
      throw this.fail(err, 'head', key);
    }
  }

  async put(key: string, localPath: string, putOptions: PutOptions): Promise<void> {
    const Key = this.prefix + checkKey(DRIVER, key);
    const linked = linkSignals(putOptions.signal, this.signal);
    try {
      await this.putVerified(key, Key, localPath, { ...putOptions, signal: linked.signal });
    } finally {
      linked.dispose();
    }
  }

  private async putVerified(key: string, Key: string, localPath: string, options: PutOptions): Promise<void> {
    try {
      if (options.size < this.threshold) await this.putSingle(Key, localPath, options);
      else await this.putMultipart(Key, localPath, options);
    } catch (err) {
      const name = (err as Error).name;
      if (name === 'AbortError' || name === 'UserError' || options.signal?.aborted) throw err;
      // The write can land although its answer was lost (a dropped connection, or a retried
      // CompleteMultipartUpload answering NoSuchUpload): what the store holds decides.
      const stored = await this.stat(key).catch(() => undefined);
      if (!matches(stored, options)) throw this.fail(err, 'put', key);
    }
    const stored = await this.stat(key);
    if (!matches(stored, options)) {
      throw sinkError(
        DRIVER,
        `s3://${this.bucket}/${Key} does not match after upload (stored ${stored?.size ?? 'nothing'} bytes, sha256 ${stored?.sha256?.slice(0, 12) ?? 'unknown'})`,
        'rerun the upload: the file is sent again',
      );
    }
    options.onProgress?.(options.size);
  }

  /** One request; the SHA-256 header lets S3 reject bytes that differ from the manifest. */
  private async putSingle(Key: string, localPath: string, options: PutOptions): Promise<void> {
    const body = await readFile(localPath, { signal: options.signal });
    checkLocal(localPath, body.length, createHash('sha256').update(body).digest('hex'), options);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body: body,
        ContentLength: body.length,
        ChecksumSHA256: hexToBase64(options.sha256),
        Metadata: { sha256: options.sha256 },
        ContentType: 'application/octet-stream',
      }),
      { abortSignal: options.signal },
    );
  }

  /**
   * Parts in parallel, each with its own SHA-256 that S3 checks. The whole file is hashed first,
   * so a damaged local file never lands under metadata claiming the manifest's checksum.
   */
  private async putMultipart(Key: string, localPath: string, options: PutOptions): Promise<void> {
    checkLocal(localPath, options.size, await sha256File(localPath, options.signal), options);
    const hash = createHash('sha256');
    const body = createReadStream(localPath).pipe(
      new Transform({
        transform(chunk: Buffer, _e, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
    );
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const upload = new Upload({
        client: this.client,
        partSize: this.partSize,
        queueSize: this.partConcurrency,
        leavePartsOnError: false,
        abortController: abort,
        params: {
          Bucket: this.bucket,
          Key,
          Body: body,
          ChecksumAlgorithm: 'SHA256',
          Metadata: { sha256: options.sha256 },
          ContentType: 'application/octet-stream',
        },
      });
      upload.on('httpUploadProgress', (p) => {
        if (p.loaded !== undefined) options.onProgress?.(p.loaded);
      });
      await upload.done();
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      body.destroy();
    }
    if (hash.digest('hex') !== options.sha256) {
      // The file changed while it was read: remove what was sent rather than leave it under a false checksum.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key })).catch(() => {});
      throw sinkError(
        DRIVER,
        `${localPath} changed during the upload`,
        'do not modify a drop while it is uploaded; rerun',
      );
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let marker: string | undefined;
    try {
      do {
        const page = await this.client.send(
          new ListObjectsCommand({ Bucket: this.bucket, Prefix: this.prefix + prefix, Marker: marker }),
          { abortSignal: this.signal },
        );
        const found = (page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
        keys.push(...found.map((k) => k.slice(this.prefix.length)));
        marker = page.IsTruncated ? (page.NextMarker ?? found.at(-1)) : undefined;
      } while (marker);
    } catch (err) {
      throw this.fail(err, 'list');
    }
    return keys.sort();
  }

  async readText(key: string): Promise<string | undefined> {
    const Key = this.prefix + checkKey(DRIVER, key);
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return await got.Body?.transformToString('utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw this.fail(err, 'get', key);
    }
  }

  /**
   * `If-None-Match: *` makes the PUT conditional on AWS S3 (412 when the key exists), so exactly
   * one writer creates it. Stores that ignore the header (s3rver) get the HEAD check only.
   */
  async createExclusive(key: string, body: string): Promise<boolean> {
    if (await this.stat(key)) return false;
    const Key = this.prefix + checkKey(DRIVER, key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: body,
          IfNoneMatch: '*',
          ContentType: 'application/json',
        }),
      );
      return true;
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.$metadata?.httpStatusCode === 412 || e.name === 'PreconditionFailed') return false;
      throw this.fail(err, 'put', key);
    }
  }

  async remove(key: string): Promise<void> {
    const Key = this.prefix + checkKey(DRIVER, key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (err) {
      throw this.fail(err, 'delete', key);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}

/**
 * Either signal aborts the request (the file's own, from the upload, or the sink's, from
 * Ctrl-C); `dispose` unhooks it, so a long upload does not pile listeners on the sink's signal.
 * (AbortSignal.any needs Node 20.3; idgraph supports every Node 20.)
 */
function linkSignals(
  a: AbortSignal | undefined,
  b: AbortSignal | undefined,
): { signal: AbortSignal | undefined; dispose(): void } {
  if (!a || !b || a === b) return { signal: a ?? b, dispose() {} };
  const both = new AbortController();
  const abort = () => both.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return {
    signal: both.signal,
    dispose() {
      a.removeEventListener('abort', abort);
      b.removeEventListener('abort', abort);
    },
  };
}

const matches = (stored: StoredObject | undefined, expected: PutOptions): boolean =>
  stored !== undefined && stored.size === expected.size && stored.sha256 === expected.sha256;

/** S3's own SHA-256 of a single-part object (a composite multipart checksum ends in -N and is skipped). */
function fullObjectSha256(checksum: string | undefined): string | undefined {
  if (!checksum || checksum.includes('-')) return undefined;
  return Buffer.from(checksum, 'base64').toString('hex');
}

function checkLocal(path: string, size: number, sha256: string, expected: PutOptions): void {
  if (size === expected.size && sha256 === expected.sha256) return;
  throw sinkError(
    DRIVER,
    `${path} does not match the manifest (${size} bytes, sha256 ${sha256.slice(0, 12)}…; expected ${expected.size} bytes, ${expected.sha256.slice(0, 12)}…)`,
    'the local drop is damaged: check it with `idgraph validate <drop>` and regenerate it',
  );
}
