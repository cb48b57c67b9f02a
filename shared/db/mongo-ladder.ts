import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** Which MongoDB served this process: honest labelling, since stand-in figures are not MongoDB figures. */
export type MongoKind = 'external' | 'mongod' | 'standin';

export interface MongoProvision {
  uri: string;
  kind: MongoKind;
  /** Stops what the ladder started (nothing for an external server). */
  stop(): Promise<void>;
}

export interface LadderOptions {
  mongodbUri?: string;
  systemBinary?: string;
  production: boolean;
  /** `start` keeps mongod data under `<dataDir>/mongo` and records the address; `test` is throwaway. */
  purpose: 'start' | 'test';
  dataDir: string;
  log: { info(message: string, meta?: object): unknown; warn(message: string): unknown };
  /** Set to false to skip mongodb-memory-server's download attempt (it needs the internet). */
  allowDownload?: boolean;
}

/** File where an embedded server's address is written, so `npm run staff` reaches the same database. */
export function embeddedUriFile(dataDir: string): string {
  return resolve(dataDir, 'mongo-uri');
}

function findMongodOnPath(): string | undefined {
  // PATH is the operating system's, not one of our settings, so it is read here rather than in config/.
  // eslint-disable-next-line no-restricted-properties
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'mongod'))) return join(dir, 'mongod');
  }
  return undefined;
}

async function startRealMongod(options: LadderOptions): Promise<MongoProvision | undefined> {
  const binary = options.systemBinary ?? findMongodOnPath();
  if (!binary && options.allowDownload === false) return undefined;
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = options.purpose === 'start' ? resolve(options.dataDir, 'mongo') : undefined;
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  try {
    const server = await MongoMemoryServer.create({
      instance: dbPath ? { dbPath, storageEngine: 'wiredTiger' } : {},
      binary: binary ? { systemBinary: binary } : {},
    });
    return {
      uri: server.getUri(),
      kind: 'mongod',
      stop: async () => {
        await server.stop({ doCleanup: !dbPath, force: false });
      },
    };
  } catch (error) {
    options.log.info('No real mongod could be started or downloaded; falling back', {
      error: error instanceof Error ? error.message.split('\n')[0] : String(error),
    });
    return undefined;
  }
}

async function startStandin(options: LadderOptions): Promise<MongoProvision> {
  // Imported lazily so that production code paths never load the stand-in.
  const { startMongoStandin } = await import('../../tools/mongo-standin/index.js');
  const standin = await startMongoStandin();
  options.log.warn(
    'MongoDB: using the offline stand-in; data lives in memory only and is lost on exit. ' +
      'For a real MongoDB set MONGODB_URI (e.g. `docker compose up -d mongo`, then MONGODB_URI=mongodb://127.0.0.1:27017/hotline?replicaSet=rs0&directConnection=true) or put mongod on PATH.',
  );
  return { uri: standin.uri, kind: 'standin', stop: () => standin.stop() };
}

/**
 * The MongoDB provider ladder: MONGODB_URI if set; else a real mongod (on PATH, at
 * MONGOMS_SYSTEM_BINARY, or downloaded where the network allows); else the offline stand-in.
 * Production accepts only MONGODB_URI.
 */
export async function provisionMongo(options: LadderOptions): Promise<MongoProvision> {
  if (options.mongodbUri) {
    return { uri: options.mongodbUri, kind: 'external', stop: async () => {} };
  }
  if (options.production) {
    throw new Error('MONGODB_URI must be set when NODE_ENV=production; embedded MongoDB is for development and tests only');
  }
  const provision = (await startRealMongod(options)) ?? (await startStandin(options));
  if (options.purpose === 'start') {
    mkdirSync(options.dataDir, { recursive: true });
    const file = embeddedUriFile(options.dataDir);
    writeFileSync(file, `${provision.uri}\n`);
    const stop = provision.stop;
    provision.stop = async () => {
      rmSync(file, { force: true });
      await stop();
    };
  }
  return provision;
}
