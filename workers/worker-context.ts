import type { RuntimeDeps } from '../shared/runtime-deps.js';

/** What every worker needs; built once per process. The use cases it calls take its RuntimeDeps part. */
export interface WorkerContext extends RuntimeDeps {
  /** Connection URL of Redis for each worker's own blocking connection. */
  redisUrl: string;
  prefix: string;
  close(): Promise<void>;
}
