import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

async function lookUp(
  svc: IntakeService,
  form: Record<string, string>,
  from = '203.0.113.10',
): Promise<{ status: number; html: string }> {
  const response = await fetch(`${svc.url}/tra-cuu`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'text/html',
      'X-Forwarded-For': from,
    },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, html: await response.text() };
}

/** The page's visible words, without the markup (the form echoes the typed code back). */
function resultPart(html: string): string {
  const start = html.indexOf('<main>');
  return html.slice(start).replace(/value="[^"]*"/g, '');
}

describe('the citizen look-up page /tra-cuu', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  let code: string;

  before(async () => {
    // One proxy hop, so each test can speak as its own client.
    svc = await startIntakeService('citizen-lookup', { TRUST_PROXY: '1' });
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });
    expect(created.status).to.equal(201);
    code = created.body.code;
  });
  after(async () => {
    await svc?.stop();
  });

  it('shows the status in plain Vietnamese for the right code and the last four digits, and nothing of the caller', async () => {
    const { status, html } = await lookUp(svc, { code, lastFour: '5678' });
    expect(status).to.equal(200);
    expect(html).to.contain(`Phản ánh ${code}`);
    expect(html).to.contain('Tổng đài đã tiếp nhận và đang chuyển đến đơn vị có thẩm quyền.');
    expect(html).to.contain('Sở Văn hóa, Thể thao và Du lịch tỉnh Đồng Tháp');
    for (const personal of ['Võ Thị Hồng', '0912', '345 678', '+8491', 'Tường rào'])
      expect(html).not.to.contain(personal);
    expect(html.normalize('NFC')).to.equal(html);
  });

  it('gives the same page for wrong digits and for a code that does not exist', async () => {
    const wrongDigits = await lookUp(svc, { code, lastFour: '0000' }, '203.0.113.11');
    const unknownCode = await lookUp(svc, { code: '1022-2026-999999', lastFour: '5678' }, '203.0.113.11');
    expect(wrongDigits.status).to.equal(404);
    expect(unknownCode.status).to.equal(404);
    expect(resultPart(wrongDigits.html)).to.equal(resultPart(unknownCode.html));
    expect(wrongDigits.html).to.contain('Không tìm thấy phản ánh với mã và số điện thoại này.');
    expect(wrongDigits.html).not.to.contain('Tình trạng');
  });

  it('answers malformed input with a Vietnamese message next to the field', async () => {
    const { status, html } = await lookUp(svc, { code: 'abc', lastFour: '12a4' }, '203.0.113.12');
    expect(status).to.equal(400);
    expect(html).to.contain('Mã phản ánh có dạng 1022-2026-000123.');
    expect(html).to.contain('Vui lòng nhập đúng 4 chữ số cuối của số điện thoại đã báo cho tổng đài.');
    const missing = await lookUp(svc, {}, '203.0.113.12');
    expect(missing.status).to.equal(400);
    expect(missing.html).to.contain('Vui lòng nhập mã phản ánh.');
  });

  it('shows the unit, the deadline while it runs, and the answer once given — unless the ticket is confidential', async () => {
    const deadline = new Date('2026-12-10T10:00:00Z');
    await Ticket.updateOne(
      { code },
      {
        $set: {
          status: 'assigned',
          assignment: { no: 1, unitCode: 'QLDS', deadline, assignedAt: new Date(), tokenHash: 'x' },
        },
      },
      { strict: false },
    );
    const assigned = await lookUp(svc, { code, lastFour: '5678' }, '203.0.113.13');
    expect(assigned.html).to.contain('Đơn vị có thẩm quyền đang xem xét, giải quyết.');
    expect(assigned.html).to.contain('Hạn trả lời');
    expect(assigned.html).to.contain('Phòng Quản lý Di sản');

    const answerText = 'Sở đã cử cán bộ kiểm tra, tường rào sẽ được sửa trong tháng 12.';
    await Ticket.updateOne(
      { code },
      { $set: { status: 'answered', answer: { text: answerText, answeredAt: new Date() } } },
    );
    const answered = await lookUp(svc, { code, lastFour: '5678' }, '203.0.113.13');
    expect(answered.html).to.contain(answerText);
    expect(answered.html).not.to.contain('Hạn trả lời');

    await Ticket.updateOne({ code }, { $set: { confidential: true } }, { strict: false });
    const confidential = await lookUp(svc, { code, lastFour: '5678' }, '203.0.113.13');
    expect(confidential.status).to.equal(200);
    expect(confidential.html).not.to.contain(answerText);
  });

  it('refuses the 31st failed look-up from one client in 15 minutes, and still refuses it with the right digits', async () => {
    const client = '198.51.100.7';
    for (let i = 0; i < 30; i++) {
      const code30 = `1022-2026-${String(800000 + i)}`;
      expect((await lookUp(svc, { code: code30, lastFour: '1111' }, client)).status, `try ${i + 1}`).to.equal(
        404,
      );
    }
    const refused = await lookUp(svc, { code, lastFour: '5678' }, client);
    expect(refused.status).to.equal(429);
    expect(refused.html).to.contain('Quá nhiều yêu cầu');
    expect((await lookUp(svc, { code, lastFour: '5678' }, '198.51.100.8')).status, 'another client').to.equal(
      200,
    );
  });

  it('refuses guessing the digits of one code from many clients after 10 failures in an hour', async () => {
    const created = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody({ citizen: { name: 'Lý Văn Tư', phone: '0987 654 321' } }),
    });
    const target = created.body.code as string;
    for (let i = 0; i < 10; i++) {
      const guess = String(1000 + i);
      expect((await lookUp(svc, { code: target, lastFour: guess }, `192.0.2.${i + 1}`)).status).to.equal(404);
    }
    expect((await lookUp(svc, { code: target, lastFour: '4321' }, '192.0.2.99')).status).to.equal(429);
  });
});
