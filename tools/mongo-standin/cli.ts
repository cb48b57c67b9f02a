// Runs a stand-in as its own process: npx tsx tools/mongo-standin/cli.ts --port 27999 [--host 127.0.0.1]
import { parseArgs } from 'node:util';
import { startMongoStandin } from './index.js';

const DEFAULT_PORT = 27017;

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port '${value}'`);
  return port;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' } } });
  const standin = await startMongoStandin({ host: values.host, port: parsePort(values.port) });
  console.log(`mongo-standin listening on ${standin.uri}`);
  const shutdown = () => {
    standin.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('mongo-standin: error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error('mongo-standin:', error instanceof Error ? error.message : error);
  process.exit(1);
});
