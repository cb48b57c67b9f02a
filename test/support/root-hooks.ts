import { provisionMongo, type MongoProvision } from '../../shared/db/mongo-ladder.js';

/**
 * Starts the MongoDB ladder once per test run: MONGODB_URI if set, else a real mongod, else the
 * offline stand-in. Each test file then uses its own database on it (see ./database.ts).
 */
let provision: MongoProvision | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  provision = await provisionMongo({
    mongodbUri: process.env.MONGODB_URI,
    systemBinary: process.env.MONGOMS_SYSTEM_BINARY,
    production: false,
    purpose: 'test',
    dataDir: '.data',
    allowDownload: process.env.MONGOMS_RUNTIME_DOWNLOAD !== 'false',
    log: { info: () => undefined, warn: (message: string) => console.warn(`[tests] ${message}`) },
  });
  process.env.TEST_MONGODB_URI = provision.uri;
  process.env.TEST_MONGODB_KIND = provision.kind;
  console.log(`[tests] MongoDB for this run: ${provision.kind}`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  await provision?.stop();
}
