import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../../shared/db/connection.js';
import type { MongoKind } from '../../shared/db/mongo-ladder.js';

/** The server the ladder started for this run (see root-hooks.ts). */
export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri)
    throw new Error(
      'TEST_MONGODB_URI is not set: run tests through `npm test` (mocha config loads root-hooks)',
    );
  return uri;
}

export function testMongoKind(): MongoKind {
  return (process.env.TEST_MONGODB_KIND as MongoKind | undefined) ?? 'external';
}

/** A database name of its own for one test file, so files never see each other's data. */
export function uniqueDatabaseName(label: string): string {
  return `test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`.slice(0, 60);
}

/** Connects the process-wide mongoose to a fresh database; returns a function that drops it and disconnects. */
export async function useFreshDatabase(label: string): Promise<() => Promise<void>> {
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  await connectDatabase(testMongoUri(), uniqueDatabaseName(label));
  // mongoose starts every model's init() as a reconnect begins; with bufferCommands off that
  // attempt fails at once ("Client must be connected") and stays cached, so the second test file
  // in a run would inherit it. Run it afresh now that the connection is open.
  for (const model of Object.values(mongoose.models)) delete (model as { $init?: unknown }).$init;
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return async () => {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
  };
}
