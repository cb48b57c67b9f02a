/**
 * The process the intake benchmark loads: the real HTTP service (as `main/main.ts --http` runs
 * it) on PORT and, in the same process, a bare Express app on BENCH_BARE_PORT whose POST /tickets
 * parses the JSON body and answers 201, the baseline for what Express and Node cost on their own.
 */
import express from 'express';
import { randomBytes } from 'node:crypto';
import { config } from '../../config/env.js';
import type { Server } from 'node:http';
import { connectDatabase, disconnectDatabase } from '../../shared/db/connection.js';
import { logger } from '../../shared/log/logger.js';
import { startService } from '../../main/start-service.js';

async function main(): Promise<void> {
  const settings = config();
  if (!settings.MONGODB_URI) throw new Error('MONGODB_URI must be set');
  await connectDatabase(settings.MONGODB_URI);
  const service = await startService({ http: true, workers: false, config: settings, log: logger() });

  const bare = express();
  bare.disable('x-powered-by');
  bare.post('/tickets', express.json({ limit: '64kb' }), (req, res) => {
    res
      .status(201)
      .json({ id: randomBytes(12).toString('hex'), status: 'received', ...(req.body as object) });
  });
  const barePort = Number(process.env.BENCH_BARE_PORT);
  const bareServer = await new Promise<Server>((resolve) => {
    const listening = bare.listen(barePort, '127.0.0.1', () => resolve(listening));
  });
  process.once('SIGTERM', () => {
    bareServer.close();
    bareServer.closeAllConnections();
    service.server?.closeAllConnections();
    void service
      .stop()
      .then(() => disconnectDatabase())
      .finally(() => process.exit(0));
  });
  console.log(`bench-intake-server ready ${service.url}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
