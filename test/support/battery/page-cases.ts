import { randomBytes } from 'node:crypto';
import { PDF_BYTES, PNG_BYTES } from '../answer-client.js';
import type { BatteryFixtures, PageState } from './fixtures.js';
import type { HostileCase } from './hostile-case.js';

const SCRIPT = '<script>alert("xss")</script>';

function form(
  label: string,
  path: string,
  fields: Record<string, string> | string | Buffer,
  options: { cookie?: string; status?: number; mustNotContain?: string[] } = {},
): HostileCase {
  return {
    label,
    method: 'POST',
    path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body:
      typeof fields === 'string' || Buffer.isBuffer(fields) ? fields : new URLSearchParams(fields).toString(),
    shape: 'page',
    ...(options.status !== undefined ? { status: options.status } : {}),
    ...(options.mustNotContain ? { mustNotContain: options.mustNotContain } : {}),
  };
}

function page(label: string, path: string, options: { cookie?: string; status?: number } = {}): HostileCase {
  return {
    label,
    method: 'GET',
    path,
    headers: options.cookie ? { cookie: options.cookie } : {},
    shape: 'page',
    ...(options.status !== undefined ? { status: options.status } : {}),
  };
}

/** A valid operator form, so that each case breaks exactly one thing. */
function operatorForm(session: PageState): Record<string, string> {
  return {
    _csrf: session.csrf,
    'citizen.name': 'Võ Thị Hồng',
    'citizen.phone': '0912 345 678',
    category: 'heritage',
    subject: 'Di tích Gò Tháp xuống cấp',
    content: 'Tường rào khu di tích bị sập một đoạn.',
    channel: 'phone',
  };
}

/** `/operator`: login with an API token, and the call form. */
export function operatorPageCases(f: BatteryFixtures): HostileCase[] {
  const s = f.operatorPage;
  const login = f.operatorLogin;
  const valid = operatorForm(s);
  const tickets = (
    label: string,
    fields: Record<string, string> | string | Buffer,
    status?: number,
    extra: Partial<HostileCase> = {},
  ) => ({
    ...form(`operator form: ${label}`, '/operator/tickets', fields, {
      cookie: s.cookie,
      ...(status ? { status } : {}),
    }),
    ...extra,
  });
  const raw = new URLSearchParams(valid).toString().replace('Di+t%C3%ADch', 'Di+@@');
  const [before, after] = raw.split('@@') as [string, string];
  return [
    form(
      'operator login: no CSRF cookie',
      '/operator/login',
      { _csrf: login.csrf, token: f.tokens.operator },
      { status: 403 },
    ),
    form(
      'operator login: wrong CSRF',
      '/operator/login',
      { _csrf: 'forged', token: f.tokens.operator },
      { cookie: login.cookie, status: 403 },
    ),
    form(
      'operator login: unknown token',
      '/operator/login',
      { _csrf: login.csrf, token: `hl_${randomBytes(32).toString('base64url')}` },
      { cookie: login.cookie, status: 401 },
    ),
    form(
      'operator login: revoked token',
      '/operator/login',
      { _csrf: login.csrf, token: f.revokedToken },
      { cookie: login.cookie, status: 401 },
    ),
    form(
      'operator login: chief token (wrong role)',
      '/operator/login',
      { _csrf: login.csrf, token: f.tokens.chief },
      { cookie: login.cookie, status: 403 },
    ),
    form('operator login: token repeated', '/operator/login', `_csrf=${login.csrf}&token=a&token=b`, {
      cookie: login.cookie,
      status: 401,
    }),
    form('operator login: NoSQL token', '/operator/login', `_csrf=${login.csrf}&token[$ne]=x`, {
      cookie: login.cookie,
      status: 401,
    }),
    tickets('no session', valid, 401, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    tickets('session, no CSRF field', { ...valid, _csrf: '' }, 403),
    tickets('CSRF of another session', { ...valid, _csrf: f.monitorChief.csrf }, 403),
    tickets('JSON instead of a form', JSON.stringify(valid), 403, {
      headers: { 'content-type': 'application/json', cookie: s.cookie },
    }),
    tickets('subject missing', { ...valid, subject: '' }, 400),
    tickets('script in subject, content missing', { ...valid, subject: SCRIPT, content: '' }, 400, {
      mustNotContain: [SCRIPT],
    }),
    tickets(
      'script in name, phone invalid',
      { ...valid, 'citizen.name': SCRIPT, 'citizen.phone': '12' },
      400,
      { mustNotContain: [SCRIPT] },
    ),
    tickets(
      'script in address, category unknown',
      { ...valid, 'citizen.address': `"><svg onload=alert(1)>`, category: 'ufo' },
      400,
      { mustNotContain: ['<svg onload'] },
    ),
    tickets('header injection in e-mail', { ...valid, 'citizen.email': 'a@b.c\r\nBcc: x@y.z' }, 400),
    tickets('channel unknown', { ...valid, channel: 'pigeon' }, 400),
    tickets('procedure code unknown', { ...valid, procedureCode: '../../etc/passwd' }, 400),
    tickets(
      'NoSQL operator instead of the phone',
      `${new URLSearchParams({ ...valid, 'citizen.phone': '' }).toString()}&citizen.phone[$gt]=`,
      400,
    ),
    tickets(
      'invalid UTF-8 bytes in the subject',
      Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]),
      400,
    ),
    tickets('body over 64 KB', { ...valid, content: 'a'.repeat(65 * 1024) }, 413),
    tickets('51 fields', `${new URLSearchParams(valid).toString()}${'&x=1'.repeat(50)}`, 413),
    tickets('subject of 10 000 characters', { ...valid, subject: 'á'.repeat(10_000) }, 400),
    form('operator logout: no CSRF', '/operator/logout', { _csrf: '' }, { cookie: s.cookie, status: 403 }),
  ];
}

function multipart(
  fields: Record<string, string>,
  files: Array<{ field?: string; name: string; bytes: Uint8Array; type?: string }> = [],
): FormData {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  for (const file of files) {
    body.append(
      file.field ?? 'attachments',
      new Blob([Uint8Array.from(file.bytes)], { type: file.type ?? 'application/octet-stream' }),
      file.name,
    );
  }
  return body;
}

function withField(body: FormData, name: string, value: string): FormData {
  body.append(name, value);
  return body;
}

/** `/answer/<token>`: the unit's page, its three forms and the attachment downloads. */
export function answerPageCases(f: BatteryFixtures): HostileCase[] {
  const a = f.answer;
  const base = `/answer/${a.token}`;
  const guard = { csrf: a.csrf, formId: a.formId };
  const person = { name: 'Trần Thị Mai', position: 'Chuyên viên' };
  const answer = (
    label: string,
    body: FormData,
    status?: number,
    options: { cookie?: string; mustNotContain?: string[] } = {},
  ): HostileCase => ({
    label: `answer form: ${label}`,
    method: 'POST',
    // As the page's form action does: the guard in the query is checked before the upload is read.
    path: `${base}/answer?csrf=${encodeURIComponent(a.csrf)}`,
    headers: { cookie: options.cookie ?? a.cookie },
    body,
    shape: 'page',
    ...(status ? { status } : {}),
    ...(options.mustNotContain ? { mustNotContain: options.mustNotContain } : {}),
  });
  const validAnswer = { ...guard, text: 'Đơn vị đã kiểm tra và xử lý.', ...person };
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  const big = new Uint8Array(5 * 1024 * 1024 + 1);
  big.set(PDF_BYTES);
  const unitForm = (
    action: 'transfer' | 'extension',
    label: string,
    fields: Record<string, string> | string | Buffer,
    status?: number,
    options: { cookie?: string; mustNotContain?: string[] } = {},
  ) =>
    form(`${action} form: ${label}`, `${base}/${action}`, fields, {
      cookie: options.cookie ?? a.cookie,
      ...(status ? { status } : {}),
      ...(options.mustNotContain ? { mustNotContain: options.mustNotContain } : {}),
    });

  return [
    page('answer link: random token', `/answer/${randomBytes(32).toString('base64url')}`, { status: 404 }),
    page('answer link: another random token', `/answer/${randomBytes(32).toString('base64url')}`, {
      status: 404,
    }),
    page('supporting link: random token', `/answer/support/${randomBytes(32).toString('base64url')}`, {
      status: 404,
    }),
    page('supporting link: too short', '/answer/support/abc', { status: 404 }),
    page('supporting link: operator object', `/answer/support/${encodeURIComponent('{"$ne":null}')}`, {
      status: 404,
    }),
    page('answer link: too short', '/answer/abc', { status: 404 }),
    page('answer link: one character too many', `${base}x`, { status: 404 }),
    page('answer link: path traversal', '/answer/..%2F..%2F..%2Fetc%2Fpasswd', { status: 404 }),
    page('answer link: NUL byte', `/answer/${a.token.slice(0, 42)}%00`, { status: 404 }),
    page('answer link: operator object', `/answer/${encodeURIComponent('{"$ne":null}')}`, { status: 404 }),
    page('answer link: expired', `/answer/${f.expiredToken}`, { status: 410 }),
    page('answer link: revoked by a reassignment', `/answer/${f.revokedLinkToken}`, { status: 410 }),
    answer('no CSRF cookie', multipart(validAnswer), 403, { cookie: 'x=1' }),
    answer('no CSRF field', multipart({ formId: a.formId, text: 'x', ...person }), 403),
    { ...answer('no CSRF in the form action', multipart(validAnswer), 403), path: `${base}/answer` },
    {
      ...answer('forged CSRF in the form action', multipart(validAnswer), 403),
      path: `${base}/answer?csrf=${randomBytes(32).toString('base64url')}`,
    },
    {
      ...answer('CSRF of another ticket in the form action', multipart(validAnswer), 403),
      path: `${base}/answer?csrf=${encodeURIComponent(a.otherCsrf)}`,
    },
    answer('CSRF field of another ticket', multipart({ ...validAnswer, csrf: a.otherCsrf }), 403),
    answer(
      'forged CSRF field',
      multipart({ ...validAnswer, csrf: randomBytes(32).toString('base64url') }),
      403,
    ),
    answer('text missing', multipart({ ...validAnswer, text: '' }), 400),
    answer('name missing', multipart({ ...validAnswer, name: '' }), 400),
    answer('form id malformed', multipart({ ...validAnswer, formId: '../../x' }), 400),
    answer('unknown field status', multipart({ ...validAnswer, status: 'closed' }), 400),
    answer('NoSQL-looking field', multipart({ ...validAnswer, 'text[$gt]': '' }), 400),
    answer('__proto__ field', withField(multipart(validAnswer), '__proto__', 'x'), 400),
    answer('constructor field', withField(multipart(validAnswer), 'constructor', 'x'), 400),
    answer('text of 8 001 characters', multipart({ ...validAnswer, text: 't'.repeat(8001) }), 400),
    answer('script in text, name missing', multipart({ ...validAnswer, text: SCRIPT, name: '' }), 400, {
      mustNotContain: [SCRIPT],
    }),
    answer(
      'script in name, position missing',
      multipart({ ...validAnswer, name: SCRIPT, position: '' }),
      400,
      { mustNotContain: [SCRIPT] },
    ),
    answer(
      'an .exe named .pdf',
      multipart(validAnswer, [{ name: 'tra-loi.pdf', bytes: exe, type: 'application/pdf' }]),
      400,
    ),
    answer('PNG bytes named .pdf', multipart(validAnswer, [{ name: 'tra-loi.pdf', bytes: PNG_BYTES }]), 400),
    answer(
      'HTML named .pdf',
      multipart(validAnswer, [{ name: 'x.pdf', bytes: new TextEncoder().encode(`<html>${SCRIPT}</html>`) }]),
      400,
    ),
    answer(
      'path traversal name ../../../../etc/passwd',
      multipart(validAnswer, [{ name: '../../../../etc/passwd', bytes: PDF_BYTES }]),
      400,
    ),
    answer(
      'path traversal name ..\\..\\boot.ini',
      multipart(validAnswer, [{ name: '..\\..\\boot.ini', bytes: PDF_BYTES }]),
      400,
    ),
    answer(
      'absolute name /etc/shadow.png with PDF bytes',
      multipart(validAnswer, [{ name: '/etc/shadow.png', bytes: PDF_BYTES }]),
      400,
    ),
    answer('file of 5 MB + 1 byte', multipart(validAnswer, [{ name: 'lon.pdf', bytes: big }]), 400),
    answer(
      'four files',
      multipart(
        validAnswer,
        Array.from({ length: 4 }, (_, i) => ({ name: `tep-${i}.pdf`, bytes: PDF_BYTES })),
      ),
      400,
    ),
    {
      ...answer('invalid UTF-8 bytes in the text', new FormData(), 400),
      headers: { cookie: a.cookie, 'content-type': 'multipart/form-data; boundary=hotline-battery' },
      body: Buffer.concat([
        Buffer.from(
          Object.entries({ ...validAnswer, text: '' })
            .filter(([name]) => name !== 'text')
            .map(
              ([name, value]) =>
                `--hotline-battery\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
            )
            .join('') + '--hotline-battery\r\nContent-Disposition: form-data; name="text"\r\n\r\nTr',
        ),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(' lời\r\n--hotline-battery--\r\n'),
      ]),
    },
    answer(
      'file part without a filename (arrives as a text field)',
      withField(multipart(validAnswer), 'attachments', new TextDecoder().decode(PDF_BYTES)),
      400,
    ),
    answer(
      'file under another field name',
      multipart(validAnswer, [{ field: 'evil', name: 'x.pdf', bytes: PDF_BYTES }]),
      400,
    ),
    {
      label: 'answer form: not multipart',
      method: 'POST',
      path: `${base}/answer`,
      headers: { cookie: a.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(validAnswer).toString(),
      shape: 'page',
    },
    { ...answer('expired link', multipart(validAnswer), 410), path: `/answer/${f.expiredToken}/answer` },
    { ...answer('revoked link', multipart(validAnswer), 410), path: `/answer/${f.revokedLinkToken}/answer` },
    unitForm(
      'transfer',
      'no CSRF field',
      { reason: 'Không thuộc thẩm quyền', ...person, formId: a.formId },
      403,
    ),
    unitForm('transfer', 'reason missing', { ...guard, reason: '', ...person }, 400),
    unitForm(
      'transfer',
      'unknown unit suggested',
      { ...guard, reason: 'Không thuộc thẩm quyền', suggestedUnit: '../../VP', ...person },
      400,
    ),
    unitForm(
      'transfer',
      'script in reason, name missing',
      { ...guard, reason: SCRIPT, ...person, name: '' },
      400,
      { mustNotContain: [SCRIPT] },
    ),
    unitForm('transfer', 'body over 64 KB', { ...guard, reason: 'r'.repeat(65 * 1024), ...person }, 413),
    unitForm(
      'transfer',
      '25 fields',
      `${new URLSearchParams({ ...guard, reason: 'x', ...person }).toString()}${'&x=1'.repeat(20)}`,
      413,
    ),
    unitForm(
      'extension',
      'date not a date',
      { ...guard, reason: 'Cần thêm thời gian', proposedDate: 'notadate', ...person },
      400,
    ),
    unitForm(
      'extension',
      'date in the past',
      { ...guard, reason: 'Cần thêm thời gian', proposedDate: '2020-01-02', ...person },
      400,
    ),
    unitForm(
      'extension',
      'date in year 9999',
      { ...guard, reason: 'Cần thêm thời gian', proposedDate: '9999-12-31', ...person },
      400,
    ),
    unitForm(
      'extension',
      'date with a script',
      { ...guard, reason: 'Cần thêm thời gian', proposedDate: SCRIPT, ...person },
      400,
      { mustNotContain: [SCRIPT] },
    ),
    unitForm(
      'extension',
      'CSRF of another ticket',
      { ...guard, csrf: a.otherCsrf, reason: 'x', proposedDate: '2030-01-02', ...person },
      403,
    ),
    unitForm(
      'extension',
      'invalid UTF-8 bytes',
      Buffer.concat([
        Buffer.from(`csrf=${a.csrf}&formId=${a.formId}&reason=`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('&proposedDate=2030-01-02&name=A&position=B'),
      ]),
      400,
    ),
    page('attachment: unknown id', `${base}/attachments/${randomBytes(16).toString('base64url')}`, {
      status: 404,
    }),
    page('attachment: path traversal', `${base}/attachments/..%2F..%2F..%2Fpackage.json`, { status: 404 }),
    page(
      'attachment: through an expired link',
      `/answer/${f.expiredToken}/attachments/${randomBytes(16).toString('base64url')}`,
      { status: 410 },
    ),
  ];
}

/** `/monitor`: login by e-mailed link, the Office Chief's ticket pages and forms, lists and exports. */
export function monitorPageCases(f: BatteryFixtures): HostileCase[] {
  const chief = f.monitorChief;
  const login = f.monitorLogin;
  const code = f.answer.code;
  const act = (
    label: string,
    action: string,
    fields: Record<string, string>,
    status: number,
    options: { cookie?: string; mustNotContain?: string[]; code?: string } = {},
  ) =>
    form(`monitor action: ${label}`, `/monitor/tickets/${options.code ?? code}/${action}`, fields, {
      cookie: options.cookie ?? chief.cookie,
      ...(status ? { status } : {}),
      ...(options.mustNotContain ? { mustNotContain: options.mustNotContain } : {}),
    });
  const state = {
    _csrf: chief.csrf,
    formId: randomBytes(16).toString('base64url'),
    expectedStatus: 'assigned',
    expectedNo: '1',
  };
  const forgedLink = randomBytes(32).toString('base64url');
  return [
    form(
      'monitor login: no CSRF cookie',
      '/monitor/login',
      { _csrf: login.csrf, email: 'chief@bad-input.test' },
      { status: 403 },
    ),
    form(
      'monitor login: wrong CSRF',
      '/monitor/login',
      { _csrf: 'forged', email: 'chief@bad-input.test' },
      { cookie: login.cookie, status: 403 },
    ),
    form(
      'monitor login: not an e-mail',
      '/monitor/login',
      { _csrf: login.csrf, email: 'not-an-email' },
      { cookie: login.cookie, status: 400 },
    ),
    form(
      'monitor login: header injection',
      '/monitor/login',
      { _csrf: login.csrf, email: 'chief@bad-input.test\r\nBcc: x@y.z' },
      { cookie: login.cookie, status: 400 },
    ),
    form(
      'monitor login: script as e-mail',
      '/monitor/login',
      { _csrf: login.csrf, email: `${SCRIPT}@x.y` },
      { cookie: login.cookie, status: 400, mustNotContain: [SCRIPT] },
    ),
    form(
      'monitor login: 300-character e-mail',
      '/monitor/login',
      { _csrf: login.csrf, email: `${'a'.repeat(290)}@x.vn` },
      { cookie: login.cookie, status: 400 },
    ),
    form(
      'monitor login: body over 8 KB',
      '/monitor/login',
      { _csrf: login.csrf, email: `${'a'.repeat(9000)}@x.vn` },
      { cookie: login.cookie, status: 413 },
    ),
    page('monitor login link: garbage', '/monitor/login/garbage', { status: 410 }),
    page('monitor login link: random', `/monitor/login/${forgedLink}`, { status: 410 }),
    form(
      'monitor login link: confirm without CSRF',
      `/monitor/login/${forgedLink}`,
      { _csrf: '' },
      { cookie: login.cookie, status: 403 },
    ),
    form(
      'monitor login link: confirm a forged link',
      `/monitor/login/${forgedLink}`,
      { _csrf: login.csrf },
      { cookie: login.cookie, status: 410 },
    ),
    act('no session', 'note', { ...state, text: 'x' }, 401, { cookie: 'hl_monitor_session=forged' }),
    act('no CSRF', 'note', { ...state, _csrf: '', text: 'x' }, 403),
    act('CSRF of the operator session', 'note', { ...state, _csrf: f.operatorPage.csrf, text: 'x' }, 403),
    act('unknown action', 'explode', state, 404),
    act('action __proto__', '__proto__', state, 404),
    act(
      'conduct reviewer reassigns',
      'reassign',
      { ...state, _csrf: f.monitorReviewer.csrf, unitCode: 'VP', reason: 'x' },
      403,
      { cookie: f.monitorReviewer.cookie },
    ),
    act('unknown ticket', 'note', { ...state, text: 'x' }, 404, { code: '1022-2026-999999' }),
    act('path traversal as the ticket', 'note', { ...state, text: 'x' }, 404, { code: '..%2F..%2Fetc' }),
    act('note without form id', 'note', { _csrf: chief.csrf, text: 'x' }, 400),
    act(
      'script in note, form id malformed',
      'note',
      { _csrf: chief.csrf, formId: '<x>', text: SCRIPT },
      400,
      { mustNotContain: [SCRIPT] },
    ),
    // Co-handling: naming supporting units.
    act('support without a unit', 'support', state, 400),
    act('support with an unknown unit', 'support', { ...state, unitCodes: 'NOPE' }, 400),
    act('support with a NoSQL unit', 'support', { ...state, unitCodes: '{"$ne":null}' }, 400),
    act('support, script in the note', 'support', { ...state, unitCodes: 'NOPE', note: SCRIPT }, 400, {
      mustNotContain: [SCRIPT],
    }),
    act(
      'conduct reviewer names supporting units',
      'support',
      { ...state, _csrf: f.monitorReviewer.csrf, unitCodes: 'VP' },
      403,
      { cookie: f.monitorReviewer.cookie },
    ),
    act('reassign to an unknown unit', 'reassign', { ...state, unitCode: 'NOPE', reason: 'x' }, 400),
    act('reassign with a NoSQL unit', 'reassign', { ...state, unitCode: '{"$ne":null}', reason: 'x' }, 400),
    act('close without a reason', 'close', { ...state, reason: '' }, 400),
    act(
      'close with an unknown expected status',
      'close',
      { ...state, expectedStatus: 'hacked', reason: 'x' },
      400,
    ),
    act('expectedNo not a number', 'close', { ...state, expectedNo: '1e9999', reason: 'x' }, 400),
    act('decide an extension nobody asked for', 'extension', { ...state, decision: 'grant' }, 0),
    act('forward with a NoSQL destination', 'forward', { ...state, destinationCode: '{"$ne":null}', note: 'x' }, 400),
    act('forward without a note', 'forward', { ...state, destinationCode: 'SYT', note: '' }, 400),
    act(
      'conduct reviewer forwards',
      'forward',
      { ...state, _csrf: f.monitorReviewer.csrf, destinationCode: 'SYT', note: 'x' },
      403,
      { cookie: f.monitorReviewer.cookie },
    ),
    act('mark complex without a reason', 'complex', { ...state, reason: '' }, 400),
    page('monitor list: limit=1e9', '/monitor/tickets?limit=1e9', { cookie: chief.cookie, status: 400 }),
    page('monitor list: level=4', '/monitor/tickets?level=4', { cookie: chief.cookie, status: 400 }),
    page('monitor list: level[$ne]', '/monitor/tickets?level[$ne]=1', { cookie: chief.cookie, status: 400 }),
    page('monitor list: cursor=garbage', '/monitor/tickets?cursor=garbage', {
      cookie: chief.cookie,
      status: 400,
    }),
    page('monitor list: from=notadate', '/monitor/tickets?from=notadate', {
      cookie: chief.cookie,
      status: 400,
    }),
    page('monitor list: status[$ne]', '/monitor/tickets?status[$ne]=closed', {
      cookie: chief.cookie,
      status: 400,
    }),
    page('monitor ticket: unknown code', '/monitor/tickets/1022-2026-999999', {
      cookie: chief.cookie,
      status: 404,
    }),
    page('monitor ticket: operator object', `/monitor/tickets/${encodeURIComponent('{"$gt":""}')}`, {
      cookie: chief.cookie,
      status: 404,
    }),
    page('monitor export: format=exe', '/monitor/reports/export?format=exe', {
      cookie: chief.cookie,
      status: 400,
    }),
    page('monitor export: 7 years', '/monitor/reports/export?from=2020-01-01&to=2026-12-31', {
      cookie: chief.cookie,
      status: 400,
    }),
  ];
}
