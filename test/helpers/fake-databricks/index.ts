/**
 * A fake Databricks SQL warehouse on 127.0.0.1 (random port, HTTPS with the test certificate)
 * that the real @databricks/sql driver talks to: Thrift TCLIService over HTTP POST, bearer-token
 * auth, volume staging through presigned URLs, and fault injection (401, 503, dropped connections).
 * With `engine: emulator.respond` (./delta/emulator.ts) it executes what it receives with Delta semantics.
 *
 *   const fake = await startFakeDatabricks({ token: 'dapi-test' });
 *   fake.respond(/^SELECT count/i, { columns: ['n'], rows: [[42]] });
 *   … connect with { host: fake.host, port: fake.port, httpPath: fake.httpPath, ca: fake.ca } …
 *   fake.statements.map((s) => s.sql); fake.staged.get('/Volumes/main/idgraph/landing/x.parquet');
 *   await fake.close();
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { defaultResponder, type DefaultResponderOptions, type Reply, type Responder } from './responders.js';
import { FakeService, type RecordedSession, type RecordedStatement, type RequestFault } from './service.js';
import { StagingArea, type RecordedUpload } from './staging.js';
import { T, methodName, processThrift } from './thrift.js';

export type { Reply, Responder, Grant, StatementError, HttpFault } from './responders.js';
export type { ResultSet, ColumnSpec, ColumnType } from './results.js';
export type { RecordedSession, RecordedStatement } from './service.js';
export type { RecordedUpload } from './staging.js';

const TLS_DIR = new URL('../../fixtures/tls/', import.meta.url);

export interface FakeDatabricksOptions extends DefaultResponderOptions {
  /** The only token accepted; anything else gets HTTP 401. */
  token: string;
  httpPath?: string;
  protocolVersion?: number;
  directResults?: boolean;
  runningPolls?: number;
  /** Executes statements for real (the Delta emulator, ./delta/emulator.ts); undefined falls through to the defaults. */
  engine?: (sql: string) => Promise<Reply | undefined>;
}

export interface RecordedCall {
  /** Thrift method, or `storage PUT` etc. for presigned-URL transfers. */
  method: string;
  /** HTTP status answered, or 'dropped'. */
  outcome: number | 'dropped';
}

type Fault = { status: number; retryAfterSeconds?: number } | 'drop-connection';

export interface FakeDatabricks {
  host: string;
  port: number;
  httpPath: string;
  token: string;
  /** PEM of the server certificate (self-signed: it is its own CA). */
  ca: string;
  sessions: RecordedSession[];
  /** Every statement the server accepted, in order. */
  statements: RecordedStatement[];
  /** SQL of every statement the client cancelled (a `'hold'` reply waits for that). */
  cancelled: string[];
  /** Every HTTP request, in order. */
  calls: RecordedCall[];
  /** Bytes on the fake volumes by path (`/Volumes/c/s/v/file`). */
  staged: Map<string, Buffer>;
  uploads: RecordedUpload[];
  /** Replaces the test responder (consulted before `respond` rules and the defaults). */
  setResponder(responder: Responder | undefined): void;
  /** Answers statements matching `pattern` (latest rule first). */
  respond(pattern: RegExp, reply: Reply | ((sql: string) => Reply)): void;
  /** The next `times` Thrift requests (of `method`, if given) get `fault` instead of an answer. */
  failNext(times: number, fault: Fault, options?: { method?: string }): void;
  setToken(token: string): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function misbehave(req: IncomingMessage, res: ServerResponse, fault: Fault): number | 'dropped' {
  if (fault === 'drop-connection') {
    req.socket.destroy();
    return 'dropped';
  }
  const headers = fault.retryAfterSeconds ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
  res.writeHead(fault.status, headers).end(`fake-databricks: HTTP ${fault.status}`);
  return fault.status;
}

export async function startFakeDatabricks(options: FakeDatabricksOptions): Promise<FakeDatabricks> {
  const httpPath = options.httpPath ?? '/sql/1.0/warehouses/fake0123456789';
  let token = options.token;
  let testResponder: Responder | undefined;
  const rules: Array<{ pattern: RegExp; reply: Reply | ((sql: string) => Reply) }> = [];
  const faults: Array<{ remaining: number; fault: Fault; method?: string }> = [];
  const calls: RecordedCall[] = [];
  const defaults = defaultResponder(options);
  let baseUrl = '';

  // Test responder, then the test's rules (faults and canned answers win), then the Delta
  // emulator when one is plugged in, then the defaults.
  const respond = async (sql: string): Promise<Reply> => {
    const fromTest = testResponder?.(sql);
    if (fromTest !== undefined) return fromTest;
    const rule = rules.find((r) => r.pattern.test(sql));
    if (rule) return typeof rule.reply === 'function' ? rule.reply(sql) : rule.reply;
    const fromEngine = await options.engine?.(sql);
    if (fromEngine !== undefined) return fromEngine;
    return defaults(sql);
  };
  const staging = new StagingArea(() => baseUrl);
  const service = new FakeService(
    {
      protocolVersion: options.protocolVersion ?? T.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V2,
      directResults: options.directResults ?? false,
      runningPolls: options.runningPolls ?? 0,
      respond,
    },
    staging,
  );

  const takeFault = (method: string | undefined): Fault | undefined => {
    const entry = faults.find((f) => f.remaining > 0 && (!f.method || f.method === method));
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  };

  async function onThrift(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = methodName(body) ?? 'unknown';
    const fault = takeFault(method);
    if (fault) {
      calls.push({ method, outcome: misbehave(req, res, fault) });
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      calls.push({ method, outcome: 401 });
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Invalid access token.');
      return;
    }
    const request: RequestFault = {};
    const reply = await processThrift(body, service.handler(request));
    if (request.fault) {
      calls.push({ method, outcome: misbehave(req, res, request.fault) });
      return;
    }
    calls.push({ method, outcome: 200 });
    res.writeHead(200, { 'Content-Type': 'application/x-thrift' }).end(reply);
  }

  async function onStorage(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    const body = await readBody(req);
    const result = staging.transfer(id, req.method ?? '', req.headers, body);
    calls.push({ method: `storage ${req.method}`, outcome: result.status });
    res.writeHead(result.status).end(result.body);
  }

  const server = https.createServer(
    {
      key: readFileSync(new URL('localhost-key.pem', TLS_DIR)),
      cert: readFileSync(new URL('localhost-cert.pem', TLS_DIR)),
    },
    (req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const presigned = /^\/presigned\/([0-9a-f]+)$/.exec(path);
      const handling =
        req.method === 'POST' && path === httpPath
          ? onThrift(req, res)
          : presigned
            ? onStorage(req, res, presigned[1])
            : Promise.resolve().then(() => {
                calls.push({ method: `${req.method} ${path}`, outcome: 404 });
                res.writeHead(404).end('fake-databricks: no such endpoint');
              });
      handling.catch((err: unknown) => {
        calls.push({ method: 'error', outcome: 500 });
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  baseUrl = `https://127.0.0.1:${port}`;

  return {
    host: '127.0.0.1',
    port,
    httpPath,
    get token() {
      return token;
    },
    ca: readFileSync(new URL('localhost-cert.pem', TLS_DIR), 'utf8'),
    sessions: service.sessions,
    statements: service.statements,
    cancelled: service.cancelled,
    calls,
    staged: staging.files,
    uploads: staging.uploads,
    setResponder: (responder) => {
      testResponder = responder;
    },
    respond: (pattern, reply) => {
      rules.unshift({ pattern, reply });
    },
    failNext: (times, fault, opts = {}) => {
      faults.push({ remaining: times, fault, method: opts.method });
    },
    setToken: (next) => {
      token = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
