import { API_BASE, documentConformance } from './api-conformance.js';

/**
 * Every response the suite receives from `/api/v1` must conform to the OpenAPI document (issue 18
 * item 7). Tests reach the API with `fetch` (directly or through ./intake-service.ts's `api`), so
 * this wraps the process's `fetch` once, when mocha loads it (`.mocharc.json` and
 * `.mocharc.faults.json` require it): a response that differs from the document makes that `fetch`
 * throw, naming the method, path, status and each difference, which fails the test at the call. A test that swallows the error
 * still fails the run: the root `afterAll` hook lists every difference seen.
 *
 * The document is built in-process the way `GET /api/v1/openapi.json` builds it; its response
 * schemas do not depend on the organisation in force (only the ticket input's category list does).
 * Requests through `node:http` (the few raw-protocol attack tests) are not seen.
 */
const conformance = documentConformance();
const differences: string[] = [];
let checked = 0;
const originalFetch = globalThis.fetch;

export class ApiConformanceError extends Error {}

function apiPathOf(url: URL): string | undefined {
  if (url.pathname !== API_BASE && !url.pathname.startsWith(`${API_BASE}/`)) return undefined;
  return url.pathname.slice(API_BASE.length) + url.search;
}

async function checkedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await originalFetch(input, init);
  const request = input instanceof Request ? input : undefined;
  const url = new URL(request ? request.url : String(input));
  const path = apiPathOf(url);
  if (path === undefined) return response;
  const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
  const text = method === 'HEAD' ? '' : await response.clone().text();
  checked++;
  const problems = conformance.problems({
    method,
    path,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    text,
  });
  if (problems.length === 0) return response;
  const message = `${method} ${API_BASE}${path} answered ${response.status}, not as documented in /api/v1/openapi.json:\n  ${problems.join('\n  ')}`;
  differences.push(message);
  throw new ApiConformanceError(message);
}

globalThis.fetch = checkedFetch as typeof fetch;

/** For the test that proves this check fails: the difference it caused on purpose is not the run's failure. */
export function forgetDifference(error: ApiConformanceError): void {
  const index = differences.indexOf(error.message);
  if (index >= 0) differences.splice(index, 1);
}

export const mochaHooks = {
  afterAll(): void {
    if (checked > 0)
      console.log(`[tests] ${checked} responses from /api/v1 checked against the OpenAPI document`);
    if (differences.length === 0) return;
    const seen = differences.splice(0);
    throw new ApiConformanceError(
      `${seen.length} response(s) from /api/v1 did not conform to the OpenAPI document:\n${seen.join('\n')}`,
    );
  },
};
