import type winston from 'winston';

/**
 * SIGTERM/SIGINT: stop gracefully within `timeoutMs`; a second signal forces exit.
 * Unhandled rejections and exceptions are logged, then the process shuts down the same way.
 */
export function installShutdownHandlers(options: {
  log: winston.Logger;
  timeoutMs: number;
  stop: () => Promise<void>;
}): void {
  let stopping = false;
  const shutdown = (reason: string, exitCode: number): void => {
    if (stopping) {
      options.log.warn('second signal: exiting now', { trigger: reason });
      process.exit(exitCode || 1);
    }
    stopping = true;
    options.log.info('shutting down', { trigger: reason });
    const timer = setTimeout(() => {
      options.log.error('graceful shutdown timed out; exiting', { timeoutMs: options.timeoutMs });
      process.exit(1);
    }, options.timeoutMs);
    timer.unref();
    options
      .stop()
      .then(() => {
        options.log.info('stopped cleanly');
        process.exitCode = exitCode;
        // Give the logger a moment to flush, then leave even if a library left a handle open.
        setTimeout(() => process.exit(exitCode), 50).unref();
      })
      .catch((error: unknown) => {
        options.log.error('error during shutdown', {
          error: error instanceof Error ? error.message : String(error),
        });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('unhandledRejection', (reason) => {
    options.log.error('unhandled promise rejection', {
      error: reason instanceof Error ? reason : String(reason),
    });
    shutdown('unhandledRejection', 1);
  });
  process.on('uncaughtException', (error) => {
    options.log.error('uncaught exception', { error });
    shutdown('uncaughtException', 1);
  });
}
