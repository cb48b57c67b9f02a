import winston from 'winston';
import { config } from '../../config/env.js';
import { REDACTED, redactText, redactValue } from './redact.js';

const WINSTON_KEYS = new Set(['level', 'message', 'timestamp']);

/** A winston format that runs every line through the redaction rules before it is written. */
export const redactFormat = winston.format((info) => {
  info.message = typeof info.message === 'string' ? redactText(info.message) : redactValue(info.message);
  for (const key of Object.keys(info)) {
    if (WINSTON_KEYS.has(key)) continue;
    const redacted = redactValue({ [key]: info[key] }) as Record<string, unknown>;
    info[key] = redacted[key] ?? REDACTED;
  }
  return info;
});

function buildFormat(production: boolean): winston.Logform.Format {
  const base = [winston.format.errors({ stack: true }), redactFormat(), winston.format.timestamp()];
  if (production) return winston.format.combine(...base, winston.format.json());
  return winston.format.combine(
    ...base,
    winston.format.colorize(),
    winston.format.printf(({ timestamp, level, message, ...rest }) => {
      const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
      return `${String(timestamp)} ${level} ${String(message)}${extra}`;
    }),
  );
}

/** Creates a logger writing to the given transport (stdout by default). */
export function createLogger(options: {
  level: string;
  production: boolean;
  transport?: winston.transport;
}): winston.Logger {
  return winston.createLogger({
    level: options.level,
    format: buildFormat(options.production),
    transports: [options.transport ?? new winston.transports.Console()],
  });
}

let shared: winston.Logger | undefined;

/** The process logger: JSON in production, readable lines otherwise. */
export function logger(): winston.Logger {
  shared ??= createLogger({ level: config().LOG_LEVEL, production: config().isProduction });
  return shared;
}
