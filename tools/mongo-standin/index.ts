// An in-memory, MongoDB-compatible server speaking the wire protocol, for tests and local
// development where no mongod is available. See README.md in this directory.
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { serveConnection } from './connection.js';
import { CursorRegistry } from './cursor-registry.js';
import { Store } from './store.js';

export interface MongoStandin {
  /** e.g. 'mongodb://127.0.0.1:PORT/' (no database name) */
  uri: string;
  port: number;
  /** Stops listening and drops every open connection, keeping the data (simulates an outage). */
  suspend(): Promise<void>;
  /** Listens again on the same port, with the same data. */
  resume(): Promise<void>;
  /** Closes everything and discards the data; idempotent. */
  stop(): Promise<void>;
}

export interface MongoStandinOptions {
  /** Interface to listen on; default '127.0.0.1'. */
  host?: string;
  /** 0 or undefined: a random free port. */
  port?: number;
}

function uriHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startMongoStandin(options: MongoStandinOptions = {}): Promise<MongoStandin> {
  const host = options.host ?? '127.0.0.1';
  const shared = { store: new Store(), cursors: new CursorRegistry() };
  const sockets = new Set<Socket>();
  let nextConnectionId = 1;
  let server: Server | undefined;
  let stopped = false;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const candidate = createServer((socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        serveConnection(socket, { ...shared, connectionId: nextConnectionId++ });
      });
      candidate.once('error', reject);
      candidate.listen(port, host, () => {
        candidate.off('error', reject);
        // Errors after listening (e.g. EMFILE on accept) must not crash the process.
        candidate.on('error', (error) => console.error('mongo-standin:', error));
        server = candidate;
        resolve((candidate.address() as AddressInfo).port);
      });
    });

  const close = async () => {
    const current = server;
    if (!current) return;
    server = undefined;
    const closed = new Promise<void>((resolve) => current.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };

  // suspend/resume/stop run one at a time, in call order.
  let lifecycle: Promise<void> = Promise.resolve();
  const serialised = (step: () => Promise<void>) => {
    const next = lifecycle.then(step);
    lifecycle = next.catch(() => {});
    return next;
  };

  const port = await listen(options.port ?? 0);
  return {
    uri: `mongodb://${uriHost(host)}:${port}/`,
    port,
    suspend: () => serialised(close),
    resume: () =>
      serialised(async () => {
        if (stopped) throw new Error('mongo-standin: cannot resume after stop()');
        if (!server) await listen(port);
      }),
    stop: () =>
      serialised(async () => {
        stopped = true;
        await close();
        shared.store.clear();
        shared.cursors.clear();
      }),
  };
}
