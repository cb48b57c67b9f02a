import { startBenchMongo, startRedisServer } from './infra.js';
import { benchIntake } from './intake.js';
const mongo = await startBenchMongo();
const redis = await startRedisServer('redis(bench)');
try {
  const runs = await benchIntake({ mongo, redis, connections: [50, 200], durationS: 10, log: console.log });
  console.log(JSON.stringify(runs, null, 1));
} finally {
  await redis.process.stop();
  await mongo.standin?.process.stop();
}
