/**
 * Volume staging the way the real service does it: a `PUT '<local>' INTO '/Volumes/…'` statement
 * is answered with one row (operation, localFile, presignedUrl, headers) and isStagingOperation in
 * the metadata; the driver then sends the bytes itself with an HTTP PUT to the presigned URL
 * (DBSQLSession.handleStagingOperation). Here the URL points back at the fake, which keeps the bytes.
 * GET and REMOVE follow the same pattern.
 */
import { randomBytes } from 'node:crypto';

import type { ResultSet } from './results.js';
import type { StatementError } from './responders.js';

export interface StagingRequest {
  operation: 'PUT' | 'GET' | 'REMOVE';
  volumePath: string;
  localFile?: string;
  overwrite: boolean;
}

export interface RecordedUpload {
  volumePath: string;
  bytes: Buffer;
  /** Whether the storage request carried an Authorization header (it must not: presigned URLs need none). */
  sawAuthorization: boolean;
}

interface Pending {
  request: StagingRequest;
  signature: string;
}

const STRING = "((?:[^'\\\\]|\\\\.)*)";
const unescapeSql = (s: string): string => s.replace(/\\(.)/g, '$1');

/** Parses PUT / GET / REMOVE staging statements; undefined for anything else. */
export function parseStaging(sql: string): StagingRequest | undefined {
  const text = sql.trim().replace(/;\s*$/, '');
  const put = new RegExp(`^PUT\\s+'${STRING}'\\s+INTO\\s+'${STRING}'(\\s+OVERWRITE)?$`, 'is').exec(text);
  if (put)
    return {
      operation: 'PUT',
      localFile: unescapeSql(put[1]),
      volumePath: unescapeSql(put[2]),
      overwrite: Boolean(put[3]),
    };
  const get = new RegExp(`^GET\\s+'${STRING}'\\s+TO\\s+'${STRING}'$`, 'is').exec(text);
  if (get)
    return { operation: 'GET', volumePath: unescapeSql(get[1]), localFile: unescapeSql(get[2]), overwrite: true };
  const remove = new RegExp(`^REMOVE\\s+'${STRING}'$`, 'is').exec(text);
  if (remove) return { operation: 'REMOVE', volumePath: unescapeSql(remove[1]), overwrite: true };
  return undefined;
}

export class StagingArea {
  /** Files on the fake volumes, by volume path. */
  readonly files = new Map<string, Buffer>();
  readonly uploads: RecordedUpload[] = [];
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly baseUrl: () => string) {}

  /** The staging result row for a statement, or the error the service would give. */
  answer(request: StagingRequest): ResultSet | StatementError {
    if (!/^\/Volumes\/[^/]+\/[^/]+\/[^/]+\/.+/.test(request.volumePath)) {
      return { error: `[INVALID_PATH] ${request.volumePath} is not a volume file path`, sqlState: '42K05' };
    }
    if (request.operation === 'PUT' && !request.overwrite && this.files.has(request.volumePath)) {
      return { error: `[FILE_ALREADY_EXISTS] ${request.volumePath} already exists; use OVERWRITE`, sqlState: '42K04' };
    }
    if (request.operation === 'GET' && !this.files.has(request.volumePath)) {
      return { error: `[FILE_NOT_FOUND] ${request.volumePath}`, sqlState: '42K03' };
    }
    const id = randomBytes(12).toString('hex');
    const signature = randomBytes(12).toString('hex');
    this.pending.set(id, { request, signature });
    // REMOVE has no local file: leave the column out, since the driver checks any localFile it gets
    // (null included) against the allowed local paths.
    const url = `${this.baseUrl()}/presigned/${id}`;
    const local = request.localFile === undefined ? [] : [{ name: 'localFile', type: 'STRING' as const }];
    return {
      columns: [
        { name: 'operation', type: 'STRING' },
        ...local,
        { name: 'presignedUrl', type: 'STRING' },
        // A MAP column: the driver turns it into the headers object it sends to storage.
        { name: 'headers', type: 'MAP' },
      ],
      rows: [
        [
          request.operation,
          ...(request.localFile === undefined ? [] : [request.localFile]),
          url,
          { 'x-fake-signature': signature },
        ],
      ],
    };
  }

  /** Handles a request to a presigned URL; returns the HTTP status and body. */
  transfer(
    id: string,
    method: string,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
  ): { status: number; body?: Buffer } {
    const pending = this.pending.get(id);
    if (!pending) return { status: 404 };
    if (headers['x-fake-signature'] !== pending.signature) return { status: 403 };
    const { request } = pending;
    const expected = { PUT: 'PUT', GET: 'GET', REMOVE: 'DELETE' }[request.operation];
    if (method !== expected) return { status: 405 };
    this.pending.delete(id);
    if (request.operation === 'PUT') {
      this.files.set(request.volumePath, body);
      this.uploads.push({
        volumePath: request.volumePath,
        bytes: body,
        sawAuthorization: headers.authorization !== undefined,
      });
      return { status: 200 };
    }
    if (request.operation === 'GET') return { status: 200, body: this.files.get(request.volumePath) };
    this.files.delete(request.volumePath);
    return { status: 204 };
  }
}
