import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { LadderOptions, MongoProvision } from '../shared/db/mongo-ladder.js';
import type { DevTools } from '../shared/dev-tools.js';
import { startMailCatcher } from './mail-catcher/index.js';
import { startMongoStandin } from './mongo-standin/index.js';

/**
 * Development and test infrastructure, loaded by `shared/dev-tools.ts` only outside production:
 * the lower rungs of the MongoDB ladder (a real mongod, else the offline stand-in) and the mail catcher.
 */

function findMongodOnPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'mongod'))) return join(dir, 'mongod');
  }
  return undefined;
}

/** An error's message on one line (mongodb-memory-server's DownloadError puts its cause on a second). */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * Finds or downloads a mongod binary. Resolved before the server starts because mongodb-memory-server
 * prints a failed start's whole error stack itself (an offline download failure is 20 lines);
 * a binary that cannot be had is one log line here.
 */
async function resolveMongodBinary(options: LadderOptions): Promise<string | undefined> {
  const binary = options.systemBinary ?? findMongodOnPath();
  if (binary || options.allowDownload === false) return binary;
  const { MongoBinary } = await import('mongodb-memory-server-core');
  try {
    return await MongoBinary.getPath();
  } catch (error) {
    options.log.info(`No mongod on PATH and none could be downloaded (${oneLine(error)}); falling back`);
    return undefined;
  }
}

async function startRealMongod(options: LadderOptions): Promise<MongoProvision | undefined> {
  const binary = await resolveMongodBinary(options);
  if (!binary) return undefined;
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = options.purpose === 'start' ? resolve(options.dataDir, 'mongo') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  try {
    const server = await MongoMemoryServer.create({
      instance: dbPath ? { dbPath, storageEngine: 'wiredTiger' } : {},
      binary: { systemBinary: binary },
    });
    return {
      uri: server.getUri(),
      kind: 'mongod',
      stop: async () => {
        await server.stop({ doCleanup: !dbPath, force: false });
      },
    };
  } catch (error) {
    options.log.info('No real mongod could be started; falling back', { error: oneLine(error) });
    return undefined;
  }
}

async function startStandin(options: LadderOptions): Promise<MongoProvision> {
  const standin = await startMongoStandin();
  options.log.warn(
    'MongoDB: using the offline stand-in; data lives in memory only and is lost on exit. ' +
      'For a real MongoDB set MONGODB_URI (e.g. `docker compose up -d mongo`, then MONGODB_URI=mongodb://127.0.0.1:27017/hotline?replicaSet=rs0&directConnection=true) or put mongod on PATH.',
  );
  return { uri: standin.uri, kind: 'standin', stop: () => standin.stop() };
}

export const devTools: DevTools = {
  startEmbeddedMongo: async (options) => (await startRealMongod(options)) ?? (await startStandin(options)),
  startMailCatcher: () => startMailCatcher(),
};
