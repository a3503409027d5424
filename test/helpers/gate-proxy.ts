import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface GateProxy {
  endpoint: string;
  /** Resolves once `after` data files went through and the gate closed: the client is stuck midway. */
  closed: Promise<void>;
  /** Keys of the objects written through the proxy before the gate closed. */
  passed: string[];
  close(): Promise<void>;
}

/**
 * A reverse HTTP proxy in front of an S3 server that forwards everything until `after` Parquet
 * objects were written, then holds every later request unanswered: a shard caught in the middle
 * of its upload, with some files staged and no manifest, however fast the machine is.
 */
export async function startGateProxy(targetPort: number, after: number): Promise<GateProxy> {
  const sockets = new Set<Socket>();
  const passed: string[] = [];
  let open = true;
  let signal: () => void = () => {};
  const closed = new Promise<void>((done) => {
    signal = done;
  });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!open) return; // held: never answered
    const isData = req.method === 'PUT' && /\.parquet(\?|$)/.test(req.url ?? '');
    const upstream = httpRequest(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        if (isData && open) {
          passed.push(req.url ?? '');
          if (passed.length >= after) {
            open = false;
            up.on('end', signal);
          }
        }
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
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    closed,
    passed,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
