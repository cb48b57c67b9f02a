import type { BatteryFixtures } from './fixtures.js';
import { fullTicketBody } from './api-cases.js';
import { withValue, type HostileCase } from './hostile-case.js';

/**
 * The classes of input the attack on the running service found (issue 14), at every field they
 * apply to: whitespace padding far past a field's limit (refused before cleaning), names made only
 * of control and format characters (nothing left once cleaned), dates outside 2000–2100 (refused
 * before any calendar look-up), and malformed multipart parts.
 */
const padded = (spaces: number, separator = ''): string => `a${' '.repeat(spaces)}${separator}b`;
/** Right-to-left override, zero-width space, left-to-right isolate, BEL, soft hyphen: nothing visible. */
const INVISIBLE_ONLY = '\u202E\u200B\u2066\u0007\u00AD';
const FAR_INSTANTS = [
  '0001-01-01T00:00:00Z',
  '1999-12-31T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2101-01-01T00:00:00Z',
];
const FAR_DATES = ['0001-01-01', '1999-12-31', '2101-01-01', '9999-12-31'];

/** Every text field of a ticket with the padding that would cost most to clean, and the whitespace kind. */
const TICKET_TEXT_FIELDS = [
  'subject',
  'content',
  'externalRef',
  'citizen.name',
  'citizen.phone',
  'citizen.email',
  'citizen.address',
  'location.address',
  'location.commune',
  'resolvedByOperator.answer',
];
/** One-line fields that are required: a value with nothing visible is a missing value. */
const REQUIRED_NAMES = ['subject', 'citizen.name', 'externalRef'];

export function attackApiCases(f: BatteryFixtures): HostileCase[] {
  const json = (label: string, path: string, body: unknown, token = f.tokens.operator): HostileCase => ({
    label,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    shape: 'api',
    status: 400,
  });
  const get = (label: string, path: string, token = f.tokens.chief): HostileCase => ({
    label,
    method: 'GET',
    path,
    headers: { authorization: `Bearer ${token}` },
    shape: 'api',
    status: 400,
  });
  const cases: HostileCase[] = [];
  for (const field of TICKET_TEXT_FIELDS) {
    cases.push(
      json(
        `intake: ${field} padded with 20 000 spaces`,
        '/api/v1/tickets',
        withValue(fullTicketBody(), field, padded(20_000)),
      ),
      json(
        `intake: ${field} padded with 20 000 spaces and tabs before a newline`,
        '/api/v1/tickets',
        withValue(fullTicketBody(), field, padded(10_000, '\t'.repeat(10_000) + '\n')),
      ),
    );
  }
  for (const field of REQUIRED_NAMES) {
    cases.push(
      json(
        `intake: ${field} of invisible characters only`,
        '/api/v1/tickets',
        withValue(fullTicketBody(), field, INVISIBLE_ONLY),
      ),
    );
  }
  for (const instant of FAR_INSTANTS) {
    const q = encodeURIComponent(instant);
    cases.push(
      json(
        `intake: receivedAt ${instant}`,
        '/api/v1/tickets',
        withValue(fullTicketBody(), 'receivedAt', instant),
      ),
      get(`list: from=${instant}`, `/api/v1/tickets?from=${q}`),
      get(`list: to=${instant}`, `/api/v1/tickets?to=${q}`),
      get(`stats: from=${instant}`, `/api/v1/stats?from=${q}`),
      json(`closure: calledBackAt ${instant}`, `/api/v1/tickets/${f.answer.code}/closure`, {
        calledBackAt: instant,
        outcome: 'satisfied',
      }),
    );
  }
  for (const date of FAR_DATES)
    cases.push(get(`stats: period ${date} to ${date}`, `/api/v1/stats?from=${date}&to=${date}`));
  for (const ms of [9e15, -9e15, 8.64e15, 0]) {
    const cursor = Buffer.from(JSON.stringify([ms, 'a'.repeat(24)])).toString('base64url');
    cases.push(get(`list: cursor at ${ms} ms`, `/api/v1/tickets?cursor=${cursor}`));
  }
  cases.push(
    get(
      'list: q padded to 12 000 characters',
      `/api/v1/tickets?${new URLSearchParams({ q: padded(12_000) })}`,
    ),
    // 7 000: past the note's raw limit (3 × 2 000 + 64), inside the closure's 16 kB body limit.
    json('closure: note padded with 7 000 spaces', `/api/v1/tickets/${f.answer.code}/closure`, {
      calledBackAt: new Date(Date.now() - 60_000).toISOString(),
      outcome: 'satisfied',
      note: padded(7_000, '\n'),
    }),
  );
  return cases;
}

/** A multipart body written by hand, for parts no browser would send. */
function rawMultipart(parts: string[], boundary = 'hotline-attack'): Buffer {
  return Buffer.from(parts.map((part) => `--${boundary}\r\n${part}\r\n`).join('') + `--${boundary}--\r\n`);
}

export function attackPageCases(f: BatteryFixtures): HostileCase[] {
  const a = f.answer;
  const base = `/answer/${a.token}`;
  const guard = { csrf: a.csrf, formId: a.formId };
  const person = { name: 'Trần Thị Mai', position: 'Chuyên viên' };
  const urlForm = (label: string, action: string, fields: Record<string, string>): HostileCase => ({
    label,
    method: 'POST',
    path: `${base}/${action}`,
    headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...guard, ...fields }).toString(),
    shape: 'page',
    status: 400,
  });
  const answerForm = (label: string, fields: Record<string, string>): HostileCase => {
    const body = new FormData();
    for (const [key, value] of Object.entries({ ...guard, text: 'Đã xử lý.', ...person, ...fields }))
      body.append(key, value);
    return {
      label,
      method: 'POST',
      path: `${base}/answer?csrf=${encodeURIComponent(a.csrf)}`,
      headers: { cookie: a.cookie },
      body,
      shape: 'page',
      status: 400,
    };
  };
  const rawAnswer = (label: string, body: Buffer, boundary = 'hotline-attack'): HostileCase => ({
    label,
    method: 'POST',
    path: `${base}/answer?csrf=${encodeURIComponent(a.csrf)}`,
    headers: { cookie: a.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    body,
    shape: 'page',
    status: 400,
  });
  const textParts = Object.entries({ ...guard, text: 'Đã xử lý.', ...person }).map(
    ([name, value]) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`,
  );
  const filePart = (disposition: string) => `${disposition}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4`;
  const page = (label: string, path: string): HostileCase => ({
    label,
    method: 'GET',
    path,
    headers: { cookie: f.monitorChief.cookie },
    shape: 'page',
    status: 400,
  });

  const cases: HostileCase[] = [];
  for (const field of ['text', 'name', 'position'])
    cases.push(
      answerForm(`answer form: ${field} padded with 30 000 spaces`, { [field]: padded(30_000, '\n') }),
    );
  for (const field of ['name', 'position'])
    cases.push(answerForm(`answer form: ${field} of invisible characters only`, { [field]: INVISIBLE_ONLY }));
  const transfer = { reason: 'Không thuộc thẩm quyền.', ...person };
  const extension = { reason: 'Cần thêm thời gian.', ...person, proposedDate: '2026-12-31' };
  for (const field of ['reason', 'name', 'position']) {
    cases.push(
      urlForm(`transfer form: ${field} padded with 20 000 spaces`, 'transfer', {
        ...transfer,
        [field]: padded(20_000),
      }),
      urlForm(`extension form: ${field} padded with 20 000 spaces`, 'extension', {
        ...extension,
        [field]: padded(20_000),
      }),
    );
  }
  cases.push(
    urlForm('transfer form: name of invisible characters only', 'transfer', {
      ...transfer,
      name: INVISIBLE_ONLY,
    }),
    urlForm('transfer form: suggested unit padded with 20 000 spaces', 'transfer', {
      ...transfer,
      suggestedUnit: padded(20_000),
    }),
    urlForm('extension form: proposed date padded with spaces', 'extension', {
      ...extension,
      proposedDate: `2026-12-31${' '.repeat(20_000)}`,
    }),
  );
  for (const date of FAR_DATES) {
    cases.push(
      urlForm(`extension form: proposed date ${date}`, 'extension', { ...extension, proposedDate: date }),
    );
    cases.push(page(`monitor report export: period from ${date}`, `/monitor/reports/export?from=${date}`));
  }
  cases.push(
    page(
      'monitor list: q padded to 12 000 characters',
      `/monitor/tickets?${new URLSearchParams({ q: padded(12_000) })}`,
    ),
    page(
      'monitor list: from=9999-12-31T00:00:00Z',
      `/monitor/tickets?from=${encodeURIComponent('9999-12-31T00:00:00Z')}`,
    ),
    rawAnswer(
      'answer form: CR/LF inside a filename',
      rawMultipart([
        ...textParts,
        filePart('Content-Disposition: form-data; name="attachments"; filename="tra\r\nloi.pdf"'),
      ]),
    ),
    rawAnswer(
      'answer form: a bare LF inside a filename',
      rawMultipart([
        ...textParts,
        filePart('Content-Disposition: form-data; name="attachments"; filename="tra\nloi.pdf"'),
      ]),
    ),
    rawAnswer(
      'answer form: filename of invisible characters and .exe',
      rawMultipart([
        ...textParts,
        filePart(`Content-Disposition: form-data; name="attachments"; filename="${INVISIBLE_ONLY}gpj.exe"`),
      ]),
    ),
    rawAnswer(
      'answer form: body cut off before the closing boundary',
      Buffer.from(
        `--hotline-attack\r\n${textParts[0]}\r\n--hotline-attack\r\n${filePart('Content-Disposition: form-data; name="attachments"; filename="x.pdf"')}`,
      ),
    ),
    // Nothing parsed, so no form guard in the body either: a 403 or a 400, never a 5xx.
    {
      ...rawAnswer(
        'answer form: boundary that never appears in the body',
        rawMultipart(textParts),
        'another-boundary',
      ),
      status: undefined,
    },
    rawAnswer(
      'answer form: header line of 20 000 characters',
      rawMultipart([
        ...textParts,
        `X-Pad: ${'x'.repeat(20_000)}\r\n${filePart('Content-Disposition: form-data; name="attachments"; filename="x.pdf"')}`,
      ]),
    ),
  );
  return cases;
}
