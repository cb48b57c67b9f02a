import { expect } from 'chai';
import { loadSlaPolicy } from '../../config/sla-policy.js';
import { loadCalendarData } from '../../config/calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import {
  computeDeadline,
  escalationOfficials,
  firstTimer,
  pausedTime,
  reminderAt,
  resumedTimer,
  shiftedByPause,
  timerAfter,
} from '../../shared/deadlines/timer-plan.js';

const at = (iso: string) => new Date(iso);

describe('deadline timers', () => {
  const policy = loadSlaPolicy();
  const calendar = createWorkingCalendar({ officialYears: loadCalendarData() });

  it('gives a normal ticket 5 working days and an urgent one 4 working hours', () => {
    const receivedAt = at('2026-03-02T10:00:00+07:00'); // Monday
    expect(
      computeDeadline(policy, calendar, {
        priority: 'normal',
        category: 'heritage',
        from: receivedAt,
      }).toISOString(),
    ).to.equal(at('2026-03-09T17:00:00+07:00').toISOString());
    expect(
      computeDeadline(policy, calendar, {
        priority: 'urgent',
        category: 'heritage',
        from: receivedAt,
      }).toISOString(),
    ).to.equal(at('2026-03-02T16:00:00+07:00').toISOString());
  });

  it('uses the per-category span for conduct complaints (3 working days)', () => {
    const deadline = computeDeadline(policy, calendar, {
      priority: 'normal',
      category: 'conduct',
      from: at('2026-03-02T10:00:00+07:00'),
    });
    expect(deadline.toISOString()).to.equal(at('2026-03-05T17:00:00+07:00').toISOString());
  });

  it('reminds one working day before a 5-day deadline, and halfway through a 4-hour one', () => {
    const assignedAt = at('2026-03-02T10:00:00+07:00');
    expect(reminderAt(policy, calendar, assignedAt, at('2026-03-09T17:00:00+07:00')).toISOString()).to.equal(
      at('2026-03-06T17:00:00+07:00').toISOString(),
    );
    // 10:00 → 16:00 is 4 working hours around lunch (11:30–13:30): 1.5 h before, 0.5 h after → 14:00.
    expect(reminderAt(policy, calendar, assignedAt, at('2026-03-02T16:00:00+07:00')).toISOString()).to.equal(
      at('2026-03-02T14:00:00+07:00').toISOString(),
    );
  });

  it('skips the reminder of a call logged after its deadline had passed, going straight to level 1', () => {
    const timer = firstTimer(
      policy,
      calendar,
      { no: 1, assignedAt: at('2026-03-20T10:00:00+07:00'), deadline: at('2026-03-09T17:00:00+07:00') },
      at('2026-03-20T10:00:00+07:00'),
    );
    expect(timer).to.deep.equal({
      action: 'escalate',
      level: 1,
      dueAt: at('2026-03-09T17:00:00+07:00'),
      assignmentNo: 1,
    });
  });

  it('escalates to level 2 two working days after level 1, and ends the chain there', () => {
    const deadline = at('2026-03-06T17:00:00+07:00'); // Friday
    const level1 = timerAfter(
      policy,
      calendar,
      { action: 'remind', dueAt: at('2026-03-05T17:00:00+07:00'), assignmentNo: 1 },
      deadline,
    );
    expect(level1).to.deep.equal({ action: 'escalate', level: 1, dueAt: deadline, assignmentNo: 1 });
    const level2 = timerAfter(policy, calendar, level1!, deadline);
    expect(level2?.dueAt.toISOString()).to.equal(at('2026-03-10T17:00:00+07:00').toISOString());
    expect(timerAfter(policy, calendar, level2!, deadline)).to.equal(null);
  });

  it('adds the conduct reviewer to escalations of conduct and procedure tickets only', () => {
    expect(escalationOfficials(policy, 1, 'heritage')).to.deep.equal(['officeChief']);
    expect(escalationOfficials(policy, 1, 'conduct')).to.have.members(['officeChief', 'conductReviewer']);
    expect(escalationOfficials(policy, 2, 'procedure')).to.have.members(['director', 'conductReviewer']);
  });
});

describe('waiting on the citizen: the paused deadline', () => {
  const policy = loadSlaPolicy();
  const calendar = createWorkingCalendar({ officialYears: loadCalendarData() });
  const basis = { policy, calendar, ticket: { priority: 'normal' as const, category: 'heritage' } };

  it('counts only office time: asked Friday 16:00, answered Saturday, the unit lost one working hour', () => {
    const asked = at('2026-03-06T16:00:00+07:00');
    expect(pausedTime(basis, asked, at('2026-03-07T10:00:00+07:00'))).to.equal(3600_000);
  });

  it('moves the deadline by that office time, into the next working day when it ends at closing', () => {
    const deadline = at('2026-03-09T17:00:00+07:00'); // Monday, closing
    const opening = calendar.nextOfficeOpening(deadline);
    expect(shiftedByPause(basis, deadline, 3600_000).toISOString()).to.equal(
      new Date(opening.getTime() + 3600_000).toISOString(),
    );
    expect(shiftedByPause(basis, deadline, 0).toISOString()).to.equal(deadline.toISOString());
  });

  it('moves the set-aside timer as much as the deadline, and counts plain time for spans in seconds', () => {
    const seconds = {
      ...basis,
      policy: { ...policy, deadlines: { normal: { seconds: 20 }, urgent: { seconds: 10 } } },
    };
    const asked = at('2026-03-07T22:00:00+07:00'); // a Saturday night: office hours do not apply to seconds
    expect(pausedTime(seconds, asked, new Date(asked.getTime() + 30_000))).to.equal(30_000);
    const timer = resumedTimer(
      seconds,
      { action: 'escalate', dueAt: asked, seq: 3, assignmentNo: 1, level: 2 },
      30_000,
    );
    expect(timer).to.deep.equal({
      action: 'escalate',
      dueAt: new Date(asked.getTime() + 30_000),
      assignmentNo: 1,
      level: 2,
    });
    expect(resumedTimer(seconds, null, 30_000)).to.equal(null);
  });
});
