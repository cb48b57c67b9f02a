const UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoNetworkTimeoutError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongooseServerSelectionError',
]);

/** True for errors that mean "MongoDB cannot be reached right now" (a 503 and a retry, not a bug). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { name, message } = error as { name?: string; message?: string };
  if (name && UNAVAILABLE_NAMES.has(name)) return true;
  // mongoose with bufferCommands off says this when the connection is down.
  return (
    typeof message === 'string' &&
    /Client must be connected|connection .* closed|before initial connection/i.test(message)
  );
}
