import { config, ConfigError } from '../config/env.js';
import { logger } from '../shared/log/logger.js';
import { bootProcess } from './boot-process.js';

/**
 * Entry point. `npm start` runs the HTTP service and the workers in one process with embedded
 * defaults; `--http` or `--workers` runs one side (what the containers run).
 */
const args = new Set(process.argv.slice(2));
const roles = {
  http: args.has('--http') || !args.has('--workers'),
  workers: args.has('--workers') || !args.has('--http'),
};

try {
  config();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

bootProcess(roles).catch((error: unknown) => {
  logger().error('start-up failed', { error: error instanceof Error ? error.message : String(error) });
  process.exitCode = 1;
  setTimeout(() => process.exit(1), 100).unref();
});
