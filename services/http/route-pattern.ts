import type { Request, RequestHandler } from 'express';

const mountWhenMatched = new WeakMap<Request, string>();

/**
 * Remembers `req.baseUrl` at the moment a route matches. Express restores `req.baseUrl` when an
 * error leaves a router, so without this a 404 from `/answer/:token` would be labelled `/:token`.
 * Register before every router.
 */
export function trackRouteMount(): RequestHandler {
  return (req, _res, next) => {
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set: (value: unknown) => {
        route = value;
        mountWhenMatched.set(req, req.baseUrl);
      },
    });
    next();
  };
}

// A mount path with a parameter (`app.use('/answer/:token', ...)`) leaves the actual value in
// `req.baseUrl`. Segments that look like a value rather than a literal (mount paths are short
// lowercase words) are replaced, so that logs and metric labels never carry a secret and never
// explode in cardinality.
function looksLikeValue(segment: string): boolean {
  if (/\d.*\d.*\d/.test(segment)) return true; // ticket codes, ids
  if (/^[0-9a-f]{24}$/i.test(segment)) return true; // ObjectId
  return segment.length >= 20 && /[A-Z0-9_]/.test(segment); // base64url tokens
}

/**
 * The route pattern that served `req` (`/api/v1/tickets/:id`), or `unmatched` when no route
 * matched (a 404): never the raw path, which can hold an answer-link token.
 */
export function routePattern(req: Request): string {
  const routePath: unknown = req.route?.path;
  const route = routePath === undefined ? '' : String(routePath);
  const mount = (route === '' ? req.baseUrl : (mountWhenMatched.get(req) ?? req.baseUrl))
    .split('/')
    .map((segment) => (looksLikeValue(segment) ? ':param' : segment))
    .join('/');
  return `${mount}${route === '/' && mount !== '' ? '' : route}` || 'unmatched';
}
