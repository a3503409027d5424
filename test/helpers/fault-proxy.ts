import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultPlan {
  /** Share of attempts answered 503 SlowDown-style without reaching the server. */
  error503?: number;
  /** Share of attempts whose connection is dropped before they reach the server. */
  dropBefore?: number;
  /** Share of attempts forwarded, then dropped before the answer reaches the client (the write landed; the client cannot know). */
  dropAfter?: number;
  /** Answers chosen by the test (e.g. a 403 AccessDenied body), checked before the injected faults. */
  respond?: (req: IncomingMessage) => { status: number; code: string; message: string } | undefined;
  /** Salt of the fault schedule: another seed, other requests hit. */
  seed?: number;
  /** Attempts of one request that may be faulted (default 2): later ones always go through. */
  maxFaultsPerRequest?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  fault?: '503' | 'drop-before' | 'drop-after' | 'respond';
  status?: number;
}

export interface FaultProxy {
  endpoint: string;
  log: LoggedRequest[];
  plan: FaultPlan;
  close(): Promise<void>;
}

/**
 * The fault schedule: a draw in [0, 1) from the request (method and URL, minus the multipart
 * upload id the store mints), the number of times that same request came before, and the seed.
 * Which requests fail is then the same on every run, whatever order concurrent requests arrive
 * in; and since only the first `maxFaultsPerRequest` attempts of a request can fail, a client
 * with more attempts than that always gets through. (One seeded stream shared by all requests
 * gave each run another schedule, by arrival order, and failed about 4 % of runs.)
 */
function draw(seed: number, key: string, attempt: number): number {
  const h = createHash('sha256').update(`${seed}\n${attempt}\n${key}`).digest();
  return h.readUInt32BE(0) / 4294967296;
}

/** The request as the schedule knows it: the same for its retries, the same on every run. */
const requestKey = (req: IncomingMessage): string =>
  `${req.method} ${(req.url ?? '').replace(/([?&])uploadId=[^&]*/, '$1uploadId=')}`;

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`;

/** A reverse HTTP proxy in front of an S3-compatible server that injects faults on a share of requests, on a fixed schedule. */
export async function startFaultProxy(targetPort: number, plan: FaultPlan = {}): Promise<FaultProxy> {
  const attempts = new Map<string, number>();
  const log: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = { endpoint: '', log, plan, close: async () => {} };

  const drain = (req: IncomingMessage) =>
    new Promise<void>((done) => {
      req.resume();
      req.on('end', done);
      req.on('error', () => done());
    });

  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const entry: LoggedRequest = { method: req.method ?? '', path: req.url ?? '' };
    log.push(entry);
    const p = proxy.plan;
    const chosen = p.respond?.(req);
    if (chosen) {
      entry.fault = 'respond';
      entry.status = chosen.status;
      await drain(req);
      res
        .writeHead(chosen.status, { 'content-type': 'application/xml' })
        .end(req.method === 'HEAD' ? undefined : errorXml(chosen.code, chosen.message));
      return;
    }
    const key = requestKey(req);
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const r = attempt < (p.maxFaultsPerRequest ?? 2) ? draw(p.seed ?? 1, key, attempt) : 1;
    if (r < (p.dropBefore ?? 0)) {
      entry.fault = 'drop-before';
      req.socket.destroy();
      return;
    }
    if (r < (p.dropBefore ?? 0) + (p.error503 ?? 0)) {
      entry.fault = '503';
      entry.status = 503;
      await drain(req);
      res
        .writeHead(503, { 'content-type': 'application/xml' })
        .end(req.method === 'HEAD' ? undefined : errorXml('SlowDown', 'Please reduce your request rate.'));
      return;
    }
    const dropAfter = r < (p.dropBefore ?? 0) + (p.error503 ?? 0) + (p.dropAfter ?? 0);
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        entry.status = up.statusCode;
        if (dropAfter) {
          // Let the server finish the request, then lose the answer.
          entry.fault = 'drop-after';
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      server.close(() => done());
    });
  return proxy;
}
