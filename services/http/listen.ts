import type { Express } from 'express';
import { createServer, type Server } from 'node:http';

/** Listens with `app` on `port` at `host` (undefined: every interface); resolves once listening. */
export function listen(app: Express, port: number, host: string | undefined): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const server = createServer(app);
    server.once('error', reject);
    server.listen({ port, ...(host === undefined ? {} : { host }) }, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
