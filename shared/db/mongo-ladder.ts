import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadDevTools } from '../dev-tools.js';

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

/**
 * The MongoDB provider ladder: MONGODB_URI if set; else a real mongod (on PATH, at
 * MONGOMS_SYSTEM_BINARY, or downloaded where the network allows); else the offline stand-in. Production
 * accepts only MONGODB_URI; the other rungs live in tools/ (development and tests only).
 */
export async function provisionMongo(options: LadderOptions): Promise<MongoProvision> {
  if (options.mongodbUri) {
    return { uri: options.mongodbUri, kind: 'external', stop: async () => {} };
  }
  if (options.production) {
    throw new Error('MONGODB_URI must be set when NODE_ENV=production; embedded MongoDB is for development and tests only');
  }
  // The lower rungs are development tools, loaded only here, never in production.
  const provision = await (await loadDevTools(options.production)).startEmbeddedMongo(options);
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
