import helmet from 'helmet';
import type { RequestHandler } from 'express';
import type { Config } from '../../config/env.js';

/** HSTS lifetime when served over HTTPS, in seconds (180 days). */
const HSTS_MAX_AGE_SECONDS = 180 * 24 * 3600;

/**
 * Security headers for every response. Pages are server-rendered with scripts and styles from
 * `/static` only, so the CSP allows `'self'` and nothing inline. No CORS headers are ever sent:
 * the operator API is called server-to-server, and browsers must not read it from other origins.
 */
export function securityHeaders(config: Pick<Config, 'PUBLIC_BASE_URL'>): RequestHandler {
  const https = config.PUBLIC_BASE_URL.startsWith('https:');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        // Only behind TLS: on plain-HTTP development it would send form posts to a port that has no TLS.
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Answer links carry tokens in the path: no page may leak its URL to another site.
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });
}
