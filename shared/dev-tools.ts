import type { Router } from 'express';
import type { LadderOptions, MongoProvision } from './db/mongo-ladder.js';

/** The local mail catcher as the composition root uses it: an SMTP address and a web view. */
export interface DevMailCatcher {
  smtpUrl: string;
  router(): Router;
  stop(): Promise<void>;
}

/** What `tools/dev-infrastructure.ts` provides to a development or test process. */
export interface DevTools {
  /** A real mongod (on PATH, at MONGOMS_SYSTEM_BINARY, or downloaded), else the offline stand-in. */
  startEmbeddedMongo(options: LadderOptions): Promise<MongoProvision>;
  startMailCatcher(): Promise<DevMailCatcher>;
}

// A computed specifier, so that the compiler does not follow it: `npm run build` (the production
// image) contains no file of tools/ and none of their libraries, which are devDependencies.
const DEV_TOOLS_MODULE = ['..', 'tools', 'dev-infrastructure.js'].join('/');

/**
 * The one door from production code to the development tools, opened only outside production.
 * A production build that gets here (NODE_ENV unset on a built image) is told what to set instead.
 */
export async function loadDevTools(production: boolean): Promise<DevTools> {
  if (production) throw new Error('development tools are not available when NODE_ENV=production');
  try {
    const module = (await import(DEV_TOOLS_MODULE)) as { devTools: DevTools };
    return module.devTools;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      'This build has no development tools (embedded MongoDB, mail catcher): set MONGODB_URI and SMTP_URL, or run from the sources with `npm start`',
      { cause: error },
    );
  }
}
