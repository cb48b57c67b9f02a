import { readFileSync } from 'node:fs';
import { EnvSchema } from '../config/env.js';

/**
 * Fails when .env.example and config/env.ts disagree: every setting of the schema must appear
 * there (set or commented out), and nothing there may be unknown to it, but for compose's own ports.
 */
const COMPOSE_ONLY = new Set(['HTTP_HOST_PORT', 'MONGO_HOST_PORT', 'REDIS_HOST_PORT', 'MAILPIT_UI_PORT']);

const text = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
const documented = new Set([...text.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? ''));
const known = new Set(Object.keys(EnvSchema.shape));

const missing = [...known].filter((key) => !documented.has(key));
const unknown = [...documented].filter((key) => !known.has(key) && !COMPOSE_ONLY.has(key));
if (missing.length > 0 || unknown.length > 0) {
  if (missing.length > 0) console.error(`.env.example lacks: ${missing.join(', ')}`);
  if (unknown.length > 0)
    console.error(`.env.example has settings config/env.ts does not know: ${unknown.join(', ')}`);
  process.exit(1);
}
console.log(`check-env-example: all ${known.size} settings of config/env.ts documented`);
