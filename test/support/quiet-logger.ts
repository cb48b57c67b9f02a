import type winston from 'winston';
import { createLogger } from '../../shared/log/logger.js';

/** A logger for tests: warnings and errors only, unless LOG_LEVEL asks for more. */
export function quietLogger(): winston.Logger {
  return createLogger({ level: process.env.LOG_LEVEL ?? 'error', production: false });
}
