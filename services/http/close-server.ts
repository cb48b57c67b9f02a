import type { Server } from 'node:http';

/**
 * Stops accepting, lets requests in flight finish, and closes keep-alive connections as they go
 * idle: `close()` alone ends only those idle at the moment it is called, so a connection whose
 * request finishes later would hold the server open until the shutdown timeout.
 */
export async function closeHttpServer(server: Server): Promise<void> {
  const closing = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  await closing.finally(() => clearInterval(sweep));
}
