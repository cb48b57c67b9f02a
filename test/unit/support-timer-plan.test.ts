import { expect } from 'chai';
import { loadSlaPolicy, SlaPolicySchema } from '../../config/sla-policy.js';
import { loadCalendarData } from '../../config/calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import { computeDeadline } from '../../shared/deadlines/timer-plan.js';
import {
  firstSupportTimer,
  supportDeadline,
  supportTimerAfter,
} from '../../shared/deadlines/support-timer-plan.js';
import { supportIsOpen } from '../../shared/tickets/co-handling.js';

const at = (iso: string) => new Date(iso);

describe('co-handling: a supporting unit’s deadline and timers', () => {
  const policy = loadSlaPolicy();
  const calendar = createWorkingCalendar({ officialYears: loadCalendarData() });
  const ticket = { priority: 'normal' as const, category: 'heritage' };

  it('gives a supporting unit half of the lead’s remaining office time by default', () => {
    const askedAt = at('2026-03-02T10:00:00+07:00'); // Monday
    const lead = computeDeadline(policy, calendar, { ...ticket, from: askedAt }); // Monday 9 March, 17:00
    // Office hours 07:00–11:30 and 13:30–17:00: 45 h to the lead's deadline; half is 22.5 h: Mon 5 h,
    // Tue 8 h, Wed 8 h, then 1.5 h on Thursday from 07:00.
    expect(supportDeadline(policy, calendar, ticket, askedAt, lead).toISOString()).to.equal(
      at('2026-03-05T08:30:00+07:00').toISOString(),
    );
  });

  it('counts over a weekend and follows the configured share', () => {
    const share = SlaPolicySchema.parse({ ...policy, coHandling: { inputShare: 0.2 } });
    const askedAt = at('2026-03-06T15:00:00+07:00'); // Friday
    const lead = at('2026-03-10T17:00:00+07:00'); // Tuesday: 2 + 8 + 8 = 18 office hours
    // 20% is 3.6 h: Friday 2 h, then 1.6 h from Monday 07:00 → 08:36.
    expect(supportDeadline(share, calendar, ticket, askedAt, lead).toISOString()).to.equal(
      at('2026-03-09T08:36:00+07:00').toISOString(),
    );
  });

  it('uses plain time for spans in seconds, and gives a share of a full span when the lead is already late', () => {
    const seconds = SlaPolicySchema.parse({
      ...policy,
      deadlines: { normal: { seconds: 40 }, urgent: { seconds: 20 } },
    });
    const askedAt = at('2026-03-07T23:00:00+07:00'); // a Saturday night: office hours do not apply
    const lead = new Date(askedAt.getTime() + 40_000);
    expect(supportDeadline(seconds, calendar, ticket, askedAt, lead).getTime()).to.equal(
      askedAt.getTime() + 20_000,
    );
    // The lead is already late: the supporting unit still gets its share of a full span (40 s), not 0.
    const late = new Date(askedAt.getTime() - 1000);
    expect(supportDeadline(seconds, calendar, ticket, askedAt, late).getTime()).to.equal(
      askedAt.getTime() + 20_000,
    );
  });

  it('reminds halfway, escalates at the deadline, then owes nothing', () => {
    const seconds = SlaPolicySchema.parse({
      ...policy,
      deadlines: { normal: { seconds: 40 }, urgent: { seconds: 20 } },
      reminderBefore: { seconds: 10 },
    });
    const requestedAt = at('2026-03-02T10:00:00+07:00');
    const deadline = new Date(requestedAt.getTime() + 20_000);
    const first = firstSupportTimer(seconds, calendar, { requestedAt, deadline }, requestedAt);
    expect(first).to.deep.equal({ action: 'remind', dueAt: new Date(requestedAt.getTime() + 10_000) });
    expect(supportTimerAfter(first, deadline)).to.deep.equal({
      action: 'escalate',
      level: 1,
      dueAt: deadline,
    });
    expect(supportTimerAfter({ action: 'escalate' }, deadline)).to.equal(null);
    // Asked after the reminder's time (a late naming): straight to the escalation.
    const lateStart = firstSupportTimer(
      seconds,
      calendar,
      { requestedAt, deadline },
      new Date(requestedAt.getTime() + 15_000),
    );
    expect(lateStart).to.deep.equal({ action: 'escalate', level: 1, dueAt: deadline });
  });

  it('keeps a supporting link open only under the lead assignment it was issued for, while the lead owes the answer', () => {
    const support = { assignmentNo: 1 };
    expect(supportIsOpen({ status: 'assigned', assignment: { no: 1 } }, support)).to.equal(true);
    expect(supportIsOpen({ status: 'waiting_citizen', assignment: { no: 1 } }, support)).to.equal(true);
    expect(supportIsOpen({ status: 'transfer_requested', assignment: { no: 1 } }, support)).to.equal(true);
    expect(supportIsOpen({ status: 'assigned', assignment: { no: 2 } }, support), 'reassigned').to.equal(
      false,
    );
    for (const status of ['answered', 'closed', 'reopen_requested'])
      expect(supportIsOpen({ status, assignment: { no: 1 } }, support), status).to.equal(false);
    expect(
      supportIsOpen({ status: 'assigned', assignment: { no: 1, revokedAt: new Date() } }, support),
      'lead link withdrawn',
    ).to.equal(false);
  });
});
