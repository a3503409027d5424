import { createServer, type Socket } from 'node:net';

export interface SilentServer {
  endpoint: string;
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

/** A loopback TCP server that accepts every connection, reads what is sent, and never answers. */
export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer();
  const state: SilentServer = {
    endpoint: '',
    connections: 0,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
  server.on('connection', (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  state.endpoint = `http://127.0.0.1:${port}`;
  return state;
}
