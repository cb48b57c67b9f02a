/** What an error response must look like: the API's JSON error, or a Vietnamese HTML page. */
export type ErrorShape = 'api' | 'page';

/** One hostile or malformed request and what the service must answer. */
export interface HostileCase {
  label: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | FormData | URLSearchParams;
  shape: ErrorShape;
  /** The exact status expected; any 4xx when absent. */
  status?: number;
  /** The API error code expected (`error.code`). */
  code?: string;
  /** Text that must not come back (an unescaped script, a file's content). */
  mustNotContain?: string[];
}

export interface CaseResult {
  label: string;
  status: number;
  /** Why the case failed; empty when it passed. */
  problems: string[];
}

const VIETNAMESE = /[ạảãáàâấầẩẫậăắằẳẵặêếềểễệôốồổỗộơớờởỡợưứừửữựđ]/i;

/** Checks one response against the case: a 4xx, the right shape, nothing reflected that must not be. */
export function judge(testCase: HostileCase, status: number, contentType: string, text: string): string[] {
  const problems: string[] = [];
  if (status < 400 || status > 499) problems.push(`status ${status}, expected a 4xx`);
  if (testCase.status !== undefined && status !== testCase.status)
    problems.push(`status ${status}, expected ${testCase.status}`);
  if (testCase.shape === 'api') {
    let body: { error?: { code?: unknown; message?: unknown } } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      problems.push(`not JSON (${contentType}): ${text.slice(0, 80)}`);
    }
    if (body) {
      if (!contentType.includes('application/json')) problems.push(`content-type ${contentType}`);
      const keys = Object.keys(body);
      if (keys.length !== 1 || keys[0] !== 'error') problems.push(`body keys ${keys.join(',')}`);
      if (typeof body.error?.code !== 'string') problems.push('no error.code');
      if (typeof body.error?.message !== 'string' || !VIETNAMESE.test(body.error.message))
        problems.push(`error.message not Vietnamese: ${String(body.error?.message)}`);
      if (testCase.code && body.error?.code !== testCase.code)
        problems.push(`code ${String(body.error?.code)}, expected ${testCase.code}`);
    }
  } else {
    if (!contentType.includes('text/html'))
      problems.push(`content-type ${contentType}, expected an HTML page`);
    if (!text.includes('<html lang="vi"')) problems.push('not a Vietnamese page (<html lang="vi">)');
    if (!VIETNAMESE.test(text)) problems.push('no Vietnamese text');
  }
  if (/\bat .+\.(ts|js):\d+/.test(text) || /node_modules|MongoServerError|TypeError/.test(text))
    problems.push('leaks internals');
  for (const forbidden of testCase.mustNotContain ?? []) {
    if (text.includes(forbidden)) problems.push(`reflects ${JSON.stringify(forbidden.slice(0, 40))}`);
  }
  return problems;
}

/** Sends one case (no redirects followed) and judges the answer; a transport error is a failure too. */
export async function runCase(baseUrl: string, testCase: HostileCase): Promise<CaseResult> {
  const headers = {
    accept: testCase.shape === 'api' ? 'application/json' : 'text/html',
    ...testCase.headers,
  };
  try {
    const response = await fetch(`${baseUrl}${testCase.path}`, {
      method: testCase.method,
      headers,
      body: Buffer.isBuffer(testCase.body) ? Uint8Array.from(testCase.body) : testCase.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const problems = judge(testCase, response.status, response.headers.get('content-type') ?? '', text);
    return { label: testCase.label, status: response.status, problems };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      label: testCase.label,
      status: 0,
      problems: [`no answer: ${(error as Error).message} ${cause ?? ''}`],
    };
  }
}

/** A copy of `base` with the value at a dotted path replaced (intermediate objects created). */
export function withValue(
  base: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(base);
  const parts = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (next === null || typeof next !== 'object') target[part] = {};
    target = target[part] as Record<string, unknown>;
  }
  target[parts[parts.length - 1]!] = value;
  return copy;
}

/** A copy of `base` without the value at a dotted path. */
export function without(base: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = structuredClone(base);
  const parts = path.split('.');
  let target: Record<string, unknown> | undefined = copy;
  for (const part of parts.slice(0, -1)) target = target?.[part] as Record<string, unknown> | undefined;
  if (target) delete target[parts[parts.length - 1]!];
  return copy;
}

/** A label-friendly short form of a value. */
export function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
