import { randomBytes } from 'node:crypto';
import type { BatteryFixtures } from './fixtures.js';
import { describeValue, withValue, without, type HostileCase } from './hostile-case.js';

/** A valid ticket with every optional part filled in, so that each hostile value is the only fault. */
export function fullTicketBody(): Record<string, unknown> {
  return {
    channel: 'phone',
    externalRef: 'CALL-0001',
    citizen: {
      name: 'Võ Thị Hồng',
      phone: '0912 345 678',
      email: 'hong@example.vn',
      address: 'Cao Lãnh',
      anonymous: false,
    },
    category: 'heritage',
    subject: 'Di tích Gò Tháp xuống cấp',
    content: 'Tường rào khu di tích bị sập một đoạn, đề nghị kiểm tra.',
    location: { address: 'Khu di tích Gò Tháp', commune: 'Xã Tân Kiều', lat: 10.6, lng: 105.9 },
    priority: 'normal',
  };
}

const SCRIPT = '<script>alert("xss")</script>';
const WRONG_TYPES: Record<'string' | 'number' | 'boolean' | 'object', unknown[]> = {
  string: [123, true, null, [], {}],
  number: ['12', true, null, [], { lat: 1 }],
  boolean: ['true', 1, null, [], {}],
  object: ['x', 1, true, [], null],
};
const FIELDS_BY_TYPE: Record<keyof typeof WRONG_TYPES, string[]> = {
  string: [
    'channel',
    'externalRef',
    'receivedAt',
    'category',
    'subject',
    'content',
    'priority',
    'procedureCode',
    'citizen.name',
    'citizen.phone',
    'citizen.email',
    'citizen.address',
    'location.address',
    'location.commune',
    'resolvedByOperator.answer',
  ],
  number: ['location.lat', 'location.lng'],
  boolean: ['citizen.anonymous'],
  object: ['citizen', 'location', 'resolvedByOperator'],
};
/** Text fields that a person types and that some page may show again. */
const TEXT_FIELDS = [
  'subject',
  'content',
  'externalRef',
  'citizen.name',
  'citizen.address',
  'location.address',
  'location.commune',
  'resolvedByOperator.answer',
];

/** Raw JSON bodies that are not JSON, or not an object. */
const MALFORMED_JSON = [
  '{',
  '{"channel": "phone",',
  '{"channel": "phone",}',
  "{'channel': 'phone'}",
  '{"channel": phone}',
  '{} trailing',
  '{"a":1}{"b":2}',
  '{"a": NaN}',
  '{"a": 01}',
  '"just a string"',
  'null',
  '12345',
  '[]',
  '',
];

/** UTF-8 mistakes put into the subject's bytes. */
const INVALID_UTF8: Array<[string, number[]]> = [
  ['0xFF byte', [0xff]],
  ['bad continuation C3 28', [0xc3, 0x28]],
  ['overlong slash C0 AF', [0xc0, 0xaf]],
  ['UTF-8 encoded surrogate ED A0 80', [0xed, 0xa0, 0x80]],
  ['truncated sequence E2 82', [0xe2, 0x82]],
];

const INJECTED_EMAILS = [
  'a@b.c\r\nBcc: x@y.z',
  'a@b.c\nBcc: x@y.z',
  'a@b.c\rBcc: x@y.z',
  'a@b.c%0d%0aBcc:x@y.z',
  'a@b.c, x@y.z',
  '"a\r\nb"@c.d',
];

function jsonPost(
  path: string,
  token: string | undefined,
  body: string | Buffer,
  extra: Partial<HostileCase> = {},
): Omit<HostileCase, 'label'> {
  return {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
    shape: 'api',
    ...extra,
  };
}

function bytesInSubject(bytes: number[]): Buffer {
  const json = JSON.stringify(fullTicketBody()).replace('Di tích', 'Di @@ tích');
  const [before, after] = json.split('@@') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
}

/** `POST /api/v1/tickets` with hostile bodies and headers. */
export function intakeCases(f: BatteryFixtures): HostileCase[] {
  const op = f.tokens.operator;
  const post = (label: string, body: unknown, extra: Partial<HostileCase> = {}): HostileCase => ({
    label: `intake: ${label}`,
    ...jsonPost(
      '/api/v1/tickets',
      op,
      typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
      extra,
    ),
  });
  const cases: HostileCase[] = [];
  for (const raw of MALFORMED_JSON)
    cases.push(post(`malformed JSON ${describeValue(raw)}`, raw, { status: 400 }));
  cases.push(
    post('20 000 nested arrays', `{"location":${'['.repeat(20_000)}${']'.repeat(20_000)}}`, { status: 400 }),
    post('5 000 nested objects', `{"citizen":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`, { status: 400 }),
    post('10 000 nested arrays at the top', `${'['.repeat(10_000)}${']'.repeat(10_000)}`, { status: 400 }),
    post('3 000 nested objects under an unknown key', `{"x":${'{"y":'.repeat(3000)}1${'}'.repeat(3000)}}`, {
      status: 400,
    }),
  );
  for (const [type, fields] of Object.entries(FIELDS_BY_TYPE) as Array<
    [keyof typeof WRONG_TYPES, string[]]
  >) {
    for (const field of fields) {
      for (const value of WRONG_TYPES[type]) {
        cases.push(
          post(`${field} = ${describeValue(value)}`, withValue(fullTicketBody(), field, value), {
            status: 400,
            code: 'VALIDATION_FAILED',
          }),
        );
      }
    }
  }
  for (const field of [
    'subject',
    'content',
    'externalRef',
    'citizen.name',
    'citizen.address',
    'location.commune',
  ]) {
    cases.push(
      post(`60 KB ${field}`, withValue(fullTicketBody(), field, 'á'.repeat(30_000)), { status: 400 }),
    );
  }
  cases.push(
    post('65 KB body', withValue(fullTicketBody(), 'content', 'a'.repeat(65 * 1024)), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    }),
    post('1 MB body', withValue(fullTicketBody(), 'content', 'a'.repeat(1024 * 1024)), { status: 413 }),
    post(
      '64 KB of whitespace around a valid body',
      ' '.repeat(64 * 1024) + JSON.stringify(fullTicketBody()),
      { status: 413 },
    ),
  );
  for (const [label, bytes] of INVALID_UTF8)
    cases.push(post(`invalid UTF-8: ${label}`, bytesInSubject(bytes), { status: 400 }));
  for (const escaped of ['\\ud800', '\\udfff', 'x\\udc00y']) {
    cases.push(
      post(
        `lone surrogate ${escaped}`,
        JSON.stringify(fullTicketBody()).replace('Di tích', `Di ${escaped}`),
        { status: 400 },
      ),
    );
  }
  const operators: Array<[string, unknown]> = [
    ['citizen.phone', { $gt: '' }],
    ['channel', { $ne: null }],
    ['category', { $in: ['heritage'] }],
    ['subject', { $regex: '.*' }],
    ['citizen', { $ne: null }],
    ['$where', 'sleep(1000)'],
    ['location.$set', { a: 1 }],
    ['externalRef', { $exists: true }],
  ];
  for (const [field, value] of operators)
    cases.push(
      post(`operator ${field} = ${describeValue(value)}`, withValue(fullTicketBody(), field, value), {
        status: 400,
      }),
    );
  const protoBody = JSON.stringify(fullTicketBody());
  cases.push(
    post('__proto__ at the top', protoBody.replace(/}$/, ',"__proto__":{"isAdmin":true}}'), { status: 400 }),
    post(
      '__proto__ in citizen',
      protoBody.replace('"anonymous":false', '"anonymous":false,"__proto__":{"anonymous":true}'),
      { status: 400 },
    ),
    post(
      'constructor.prototype',
      withValue(fullTicketBody(), 'location.constructor', { prototype: { polluted: true } }),
      { status: 400 },
    ),
    post('prototype key', withValue(fullTicketBody(), 'prototype', {}), { status: 400 }),
  );
  for (const email of INJECTED_EMAILS) {
    cases.push(
      post(
        `header injection in e-mail ${describeValue(email)}`,
        withValue(fullTicketBody(), 'citizen.email', email),
        { status: 400 },
      ),
    );
  }
  for (const field of TEXT_FIELDS) {
    const missing = field === 'subject' ? 'content' : 'subject';
    const body = without(
      withValue(fullTicketBody(), field, `${SCRIPT}<img src=x onerror=alert(1)>`),
      missing,
    );
    cases.push(
      post(`script in ${field} (${missing} missing)`, body, {
        status: 400,
        mustNotContain: [SCRIPT, '<img'],
      }),
    );
  }
  const valid = JSON.stringify(fullTicketBody());
  for (const type of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ]) {
    cases.push({
      ...post(`content-type ${type}`, valid, { status: 415 }),
      headers: { 'content-type': type, authorization: `Bearer ${op}` },
    });
  }
  cases.push(
    { ...post('no content-type', valid, { status: 415 }), headers: { authorization: `Bearer ${op}` } },
    post('charset latin1', valid, {
      status: 415,
      headers: { 'content-type': 'application/json; charset=latin1', authorization: `Bearer ${op}` },
    }),
    post('gzip that is not gzip', valid, {
      status: 400,
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        authorization: `Bearer ${op}`,
      },
    }),
  );
  const badKeys = ['has space', 'x'.repeat(201), 'clé', ''];
  for (const key of badKeys) {
    cases.push(
      post(`Idempotency-Key ${describeValue(key)}`, valid, {
        status: 400,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${op}`,
          'idempotency-key': key,
        },
      }),
    );
  }
  const auth: Array<[string, Record<string, string>, number]> = [
    ['no token', {}, 401],
    ['empty bearer', { authorization: 'Bearer ' }, 401],
    ['unknown token', { authorization: `Bearer hl_${randomBytes(32).toString('base64url')}` }, 401],
    ['token of the wrong shape', { authorization: 'Bearer ../../etc/passwd' }, 401],
    ['Basic credentials', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 401],
    ['revoked token', { authorization: `Bearer ${f.revokedToken}` }, 401],
    ['two tokens', { authorization: `Bearer ${op} ${op}` }, 401],
    ['chief token (wrong role)', { authorization: `Bearer ${f.tokens.chief}` }, 403],
    ['reviewer token (wrong role)', { authorization: `Bearer ${f.tokens.reviewer}` }, 403],
  ];
  for (const [label, headers, status] of auth) {
    cases.push({
      ...post(label, valid, { status }),
      headers: { 'content-type': 'application/json', ...headers },
    });
  }
  return cases;
}

/** Reads: the ticket list's query string, one ticket by id, and the monitoring API's queries. */
export function queryCases(f: BatteryFixtures): HostileCase[] {
  const get = (
    label: string,
    path: string,
    token = f.tokens.chief,
    extra: Partial<HostileCase> = {},
  ): HostileCase => ({
    label,
    method: 'GET',
    path,
    headers: { authorization: `Bearer ${token}` },
    shape: 'api',
    ...extra,
  });
  const garbageCursor = Buffer.from('["x","y"]').toString('base64url');
  const listQueries = [
    'limit=1e9',
    'limit=-1',
    'limit=0',
    'limit=abc',
    'limit=1.5',
    'limit=101',
    'limit[]=1',
    'cursor=garbage',
    `cursor=${garbageCursor}`,
    `cursor=${'A'.repeat(300)}`,
    `cursor=${Buffer.from('[1e400,"0123456789abcdef01234567"]').toString('base64url')}`,
    'from=notadate',
    'to=2026-13-45T99:00:00Z',
    'from=2026-03-01T00:00:00Z&to=2026-01-01T00:00:00Z',
    'from=2026-03-01',
    'status=lost',
    'status[$ne]=closed',
    'overdue=yes',
    'escalated=1',
    'priority=__proto__',
    'category=../../etc',
    'department=%00',
    `q=${'x'.repeat(201)}`,
    'sort=-receivedAt',
    '__proto__[admin]=true',
    'constructor[prototype][x]=1',
  ];
  const cases = listQueries.map((query) =>
    get(`list: ?${query}`, `/api/v1/tickets?${query}`, f.tokens.chief, { status: 400 }),
  );
  cases.push(
    get('list: no token', '/api/v1/tickets', '', { status: 401, headers: {} }),
    get('one ticket: unknown id', '/api/v1/tickets/0123456789abcdef01234567', f.tokens.chief, {
      status: 404,
    }),
    get('one ticket: unknown code', '/api/v1/tickets/1022-2026-999999', f.tokens.chief, { status: 404 }),
    get(
      'one ticket: operator object',
      `/api/v1/tickets/${encodeURIComponent('{"$gt":""}')}`,
      f.tokens.chief,
      { status: 404 },
    ),
    get('one ticket: path traversal', '/api/v1/tickets/..%2F..%2F..%2Fetc%2Fpasswd', f.tokens.chief, {
      status: 404,
    }),
    get('one ticket: bad percent-encoding', '/api/v1/tickets/%E0%A4%A', f.tokens.chief, { status: 400 }),
    get('one ticket: 5 000 characters', `/api/v1/tickets/${'9'.repeat(5000)}`, f.tokens.chief, {
      status: 404,
    }),
    get(
      'one ticket: conduct ticket for the reviewer role',
      `/api/v1/tickets/${f.answer.code}`,
      f.tokens.reviewer,
      { status: 404 },
    ),
  );
  const statsQueries = [
    'from=notadate',
    'to=2026-02-30',
    'from=2020-01-01&to=2026-01-01',
    'from=2026-05-01&to=2026-04-01',
    'department=../../x',
    'department=NOPE',
    'category=UPPER',
    'unknown=1',
    'from[$gt]=',
  ];
  for (const query of statsQueries)
    cases.push(get(`stats: ?${query}`, `/api/v1/stats?${query}`, f.tokens.chief, { status: 400 }));
  cases.push(
    get('stats: operator token (wrong role)', '/api/v1/stats', f.tokens.operator, { status: 403 }),
    get('export: format=exe', '/api/v1/reports/export?format=exe', f.tokens.chief, { status: 400 }),
    get('export: from=notadate', '/api/v1/reports/export?from=notadate', f.tokens.chief, { status: 400 }),
    get('export: operator token (wrong role)', '/api/v1/reports/export', f.tokens.operator, { status: 403 }),
  );
  return cases;
}

/** `POST /api/v1/tickets/:idOrCode/closure`: the operator's call-back record. */
export function closureCases(f: BatteryFixtures): HostileCase[] {
  const path = `/api/v1/tickets/${f.answer.code}/closure`;
  const valid = { calledBackAt: new Date(Date.now() - 60_000).toISOString(), outcome: 'satisfied' };
  const post = (label: string, body: unknown, extra: Partial<HostileCase> = {}): HostileCase => ({
    label: `closure: ${label}`,
    ...jsonPost(path, f.tokens.operator, typeof body === 'string' ? body : JSON.stringify(body), extra),
  });
  return [
    post('malformed JSON', '{"outcome":', { status: 400 }),
    post('calledBackAt = 123', { ...valid, calledBackAt: 123 }, { status: 400 }),
    post('calledBackAt = notadate', { ...valid, calledBackAt: 'notadate' }, { status: 400 }),
    post(
      'calledBackAt in a year',
      { ...valid, calledBackAt: new Date(Date.now() + 365 * 86_400_000).toISOString() },
      { status: 400 },
    ),
    post('outcome unknown', { ...valid, outcome: 'ecstatic' }, { status: 400 }),
    post('outcome = {$ne: null}', { ...valid, outcome: { $ne: null } }, { status: 400 }),
    post('note = {}', { ...valid, note: {} }, { status: 400 }),
    post('note of 3 000 characters', { ...valid, note: 'n'.repeat(3000) }, { status: 400 }),
    post('unknown field status', { ...valid, status: 'closed' }, { status: 400 }),
    post('__proto__', JSON.stringify(valid).replace(/}$/, ',"__proto__":{"x":1}}'), { status: 400 }),
    post('ticket not answered yet', valid, { status: 409, code: 'INVALID_STATE' }),
    { ...post('unknown ticket', valid, { status: 404 }), path: '/api/v1/tickets/1022-2026-999999/closure' },
    {
      ...post('path traversal as the ticket', valid, { status: 404 }),
      path: '/api/v1/tickets/..%2F..%2Fadmin/closure',
    },
    post('body over 16 KB', { ...valid, note: 'n'.repeat(17 * 1024) }, { status: 413 }),
    {
      ...post('text/plain', JSON.stringify(valid), { status: 415 }),
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${f.tokens.operator}` },
    },
    { ...post('no token', valid, { status: 401 }), headers: { 'content-type': 'application/json' } },
    {
      ...post('chief token (wrong role)', valid, { status: 403 }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${f.tokens.chief}` },
    },
  ];
}

/** Operational endpoints and paths that do not exist. */
export function edgeCases(f: BatteryFixtures): HostileCase[] {
  const api = (
    label: string,
    method: HostileCase['method'],
    path: string,
    status: number,
    headers: Record<string, string> = {},
  ): HostileCase => ({
    label,
    method,
    path,
    headers,
    shape: 'api',
    status,
  });
  return [
    api('metrics: no token', 'GET', '/metrics', 401),
    api('metrics: wrong token', 'GET', '/metrics', 401, {
      authorization: 'Bearer not-the-metrics-token-000000000',
    }),
    api('metrics: an API token', 'GET', '/metrics', 401, { authorization: `Bearer ${f.tokens.admin}` }),
    api('metrics: Basic', 'GET', '/metrics', 401, {
      authorization: `Basic ${Buffer.from(`x:${f.metricsToken}`).toString('base64')}`,
    }),
    api('queue board: no token', 'GET', '/admin/queues', 401),
    api('queue board: operator token', 'GET', '/admin/queues', 403, {
      authorization: `Bearer ${f.tokens.operator}`,
    }),
    api('queue board API: chief token', 'GET', '/admin/queues/api/queues', 403, {
      authorization: `Bearer ${f.tokens.chief}`,
    }),
    api('PUT on the ticket list', 'PUT', '/api/v1/tickets', 404, {
      authorization: `Bearer ${f.tokens.operator}`,
    }),
    api('DELETE a ticket', 'DELETE', `/api/v1/tickets/${f.answer.code}`, 404, {
      authorization: `Bearer ${f.tokens.admin}`,
    }),
    api('encoded dot-dot out of the API', 'GET', '/api/v1/%2e%2e/%2e%2e/package.json', 404, {
      authorization: `Bearer ${f.tokens.operator}`,
    }),
    api('encoded dot-dot out of /static', 'GET', '/static/%2e%2e/%2e%2e/package.json', 404),
    api('NUL in a path', 'GET', '/api/v1/tickets%00', 404, { authorization: `Bearer ${f.tokens.operator}` }),
    api('POST /healthz', 'POST', '/healthz', 404),
    api('unknown API path', 'GET', '/api/v2/tickets', 404),
  ];
}
