import { PassThrough } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../shared/log/logger.js';

export interface CapturedLog {
  log: winston.Logger;
  /** Every line written so far, parsed (the production JSON format, redaction included). */
  lines(): Array<Record<string, unknown>>;
}

/** A logger at `info` whose JSON lines the test can read, as they would reach central storage. */
export function capturedLog(): CapturedLog {
  const stream = new PassThrough();
  const raw: string[] = [];
  stream.on('data', (chunk: Buffer) => raw.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const log = createLogger({
    level: 'info',
    production: true,
    transport: new winston.transports.Stream({ stream }),
  });
  return { log, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
