import { expect } from 'chai';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/** A clock the test moves; the service reads it for "now" (receipt time, the year of the code). */
function settableClock(start: string): { clock: () => Date; set(at: string): void } {
  let now = new Date(start);
  return { clock: () => new Date(now), set: (at) => (now = new Date(at)) };
}

describe('the turn of the year on the Vietnamese clock', function () {
  this.timeout(30_000);

  describe('ticket codes', () => {
    const time = settableClock('2026-12-31T23:59:59+07:00');
    let svc: IntakeService;

    before(async () => {
      svc = await startIntakeService('year-codes', {}, { clock: time.clock });
    });
    after(async () => {
      await svc?.stop();
    });

    it('numbers a call received at 23:59:59 on 31 December in 2026, and the first second of 2027 as 1022-2027-000001', async () => {
      time.set('2026-12-31T23:59:59+07:00');
      const last = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody(),
      });
      time.set('2027-01-01T00:00:00+07:00');
      const first = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody(),
      });

      expect(last.status).to.equal(201);
      expect(last.body.code).to.match(/^1022-2026-\d{6}$/);
      expect(last.body.receivedAt).to.equal('2026-12-31T16:59:59.000Z');
      expect(first.status).to.equal(201);
      expect(first.body.code).to.equal('1022-2027-000001');
    });

    it('keeps a call taken before midnight in 2026 when the operator logs it after midnight', async () => {
      time.set('2027-01-01T00:03:00+07:00');
      const late = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody({ receivedAt: '2026-12-31T23:58:00+07:00' }),
      });
      const next = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody(),
      });

      expect(late.status).to.equal(201);
      expect(late.body.code).to.match(/^1022-2026-/);
      expect(next.body.code).to.equal('1022-2027-000002');
    });
  });

  describe('a deadline that starts in December and ends in January', () => {
    let pipeline: Pipeline;
    let token: string;

    before(async () => {
      // Thursday 31 December 2026, 10:00: the reply deadline runs into 2027, for which no official
      // schedule ships, so the days off come from the Labour Code (1 January).
      pipeline = await startPipeline('year-deadline', {
        http: true,
        workers: true,
        clock: () => new Date('2026-12-31T10:00:00+07:00'),
      });
      token = (
        await createStaff(
          { name: 'Nguyễn Thị Lan', email: 'operator@year-deadline.test', role: 'operator' },
          new Date(),
        )
      ).token;
    });
    after(async () => {
      await pipeline?.stop();
    });

    it('counts 5 working days past New Year’s Day off: Friday 8 January 2027 at 17:00, in the e-mail too', async () => {
      const created = await api(pipeline.service.url!, 'POST', '/api/v1/tickets', {
        token,
        body: ticketBody(),
      });
      expect(created.status).to.equal(201);

      const [mail] = await pipeline.mail.waitFor((m) => m.subject.includes(created.body.code));
      const read = await api(pipeline.service.url!, 'GET', `/api/v1/tickets/${created.body.code}`, { token });

      expect(read.body.assignment.deadline).to.equal('2027-01-08T10:00:00.000Z');
      expect(mail!.text).to.contain('Hạn trả lời: 17:00 thứ Sáu, 08/01/2027');
    });
  });

  describe('stats over a period that spans New Year', () => {
    const time = settableClock('2026-12-29T09:00:00+07:00');
    let svc: IntakeService;

    before(async () => {
      svc = await startIntakeService('year-stats', {}, { clock: time.clock });
    });
    after(async () => {
      await svc?.stop();
    });

    it('counts the calls of late December and early January together, and each year on its own', async () => {
      for (const at of [
        '2026-12-29T09:00:00+07:00',
        '2026-12-31T23:59:00+07:00',
        '2027-01-04T08:00:00+07:00',
      ]) {
        time.set(at);
        const created = await api(svc.url, 'POST', '/api/v1/tickets', {
          token: svc.tokens.operator,
          body: ticketBody(),
        });
        expect(created.status).to.equal(201);
      }
      time.set('2027-01-05T10:00:00+07:00');
      const stats = (from: string, to: string) =>
        api(svc.url, 'GET', `/api/v1/stats?from=${from}&to=${to}`, { token: svc.tokens.chief });

      const across = await stats('2026-12-28', '2027-01-04');
      const december = await stats('2026-12-01', '2026-12-31');
      const january = await stats('2027-01-01', '2027-01-31');

      expect(across.status).to.equal(200);
      expect(across.body.period).to.deep.equal({
        from: '2026-12-27T17:00:00.000Z',
        to: '2027-01-04T17:00:00.000Z',
      });
      expect(across.body.summary.received).to.equal(3);
      expect(december.body.summary.received).to.equal(2);
      expect(january.body.summary.received).to.equal(1);
    });
  });
});
