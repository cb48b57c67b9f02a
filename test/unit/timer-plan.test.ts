import { expect } from 'chai';
import { loadSlaPolicy } from '../../config/sla-policy.js';
import { loadCalendarData } from '../../config/calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import {
  computeDeadline,
  escalationOfficials,
  firstTimer,
  reminderAt,
  timerAfter,
} from '../../shared/deadlines/timer-plan.js';

const at = (iso: string) => new Date(iso);

describe('deadline timers', () => {
  const policy = loadSlaPolicy();
  const calendar = createWorkingCalendar({ officialYears: loadCalendarData() });

  it('gives a normal ticket 5 working days and an urgent one 4 working hours', () => {
    const receivedAt = at('2026-03-02T10:00:00+07:00'); // Monday
    expect(computeDeadline(policy, calendar, { priority: 'normal', category: 'heritage', from: receivedAt }).toISOString()).to.equal(
      at('2026-03-09T17:00:00+07:00').toISOString(),
    );
    expect(computeDeadline(policy, calendar, { priority: 'urgent', category: 'heritage', from: receivedAt }).toISOString()).to.equal(
      at('2026-03-02T16:00:00+07:00').toISOString(),
    );
  });

  it('uses the per-category span for conduct complaints (3 working days)', () => {
    const deadline = computeDeadline(policy, calendar, { priority: 'normal', category: 'conduct', from: at('2026-03-02T10:00:00+07:00') });
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
    expect(timer).to.deep.equal({ action: 'escalate', level: 1, dueAt: at('2026-03-09T17:00:00+07:00'), assignmentNo: 1 });
  });

  it('escalates to level 2 two working days after level 1, and ends the chain there', () => {
    const deadline = at('2026-03-06T17:00:00+07:00'); // Friday
    const level1 = timerAfter(policy, calendar, { action: 'remind', dueAt: at('2026-03-05T17:00:00+07:00'), assignmentNo: 1 }, deadline);
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
