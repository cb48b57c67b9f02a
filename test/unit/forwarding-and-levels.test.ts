import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { loadCalendarData } from '../../config/calendar-data.js';
import { createWorkingCalendar } from '../../shared/calendar/working-calendar.js';
import { forwardingDelay } from '../../shared/forwarding/forwarding-delay.js';
import { breakdown, outcomeOf } from '../../shared/oversight/ticket-breakdown.js';
import { processingLevelOf } from '../../shared/tickets/processing-level.js';

const CALENDAR_DATA = fileURLToPath(new URL('../../config/calendar', import.meta.url));
const calendar = createWorkingCalendar({ officialYears: loadCalendarData(CALENDAR_DATA) });
/** An instant on the Vietnamese clock. */
const vn = (local: string) => new Date(`${local}:00+07:00`);

describe('forwarding within 5 working days (Decree 20/2008/NĐ-CP as amended by Decree 92/2017/NĐ-CP)', () => {
  it('does not count the receipt day, and counts the forwarding day', () => {
    expect(forwardingDelay(calendar, vn('2026-12-01T16:59'), vn('2026-12-01T17:00'))).to.deep.equal({
      workingDays: 0,
      late: false,
    });
    expect(forwardingDelay(calendar, vn('2026-12-01T09:00'), vn('2026-12-08T09:00'))).to.deep.equal({
      workingDays: 5,
      late: false,
    });
    expect(forwardingDelay(calendar, vn('2026-12-01T09:00'), vn('2026-12-09T08:00'))).to.deep.equal({
      workingDays: 6,
      late: true,
    });
  });

  it('skips Tết and counts a make-up Saturday (the official 2026 schedule)', () => {
    // Received Friday 13 February 2026; Tết is off from 14 to 22 February.
    expect(forwardingDelay(calendar, vn('2026-02-13T10:00'), vn('2026-02-27T10:00')).late).to.equal(false);
    expect(forwardingDelay(calendar, vn('2026-02-13T10:00'), vn('2026-03-02T10:00'))).to.deep.equal({
      workingDays: 6,
      late: true,
    });
    // Saturday 10 January 2026 is worked in place of Friday 2 January.
    expect(forwardingDelay(calendar, vn('2026-01-08T10:00'), vn('2026-01-12T10:00')).workingDays).to.equal(3);
  });
});

describe('processing levels and outcomes', () => {
  it('reads level 1 at intake, 3 when marked complex, else 2', () => {
    expect(processingLevelOf({ status: 'resolved_at_intake' })).to.equal(1);
    expect(processingLevelOf({ status: 'assigned', processingLevel: 3 })).to.equal(3);
    expect(processingLevelOf({ status: 'received' })).to.equal(2);
    expect(processingLevelOf({ status: 'closed', processingLevel: null })).to.equal(2);
  });

  it('sorts every ticket into one outcome and counts forwarded ones late apart', () => {
    expect(outcomeOf({ status: 'waiting_citizen' })).to.equal('in_progress');
    expect(outcomeOf({ status: 'answered' })).to.equal('awaiting_call_back');
    expect(outcomeOf({ status: 'closed', closure: { outcome: 'unreachable' } })).to.equal('no_response');
    expect(outcomeOf({ status: 'closed', closure: {} })).to.equal('closed_other');
    const counted = breakdown([
      { status: 'closed', channel: 'phone', forwarding: { forwardedAt: new Date(), late: true } },
      { status: 'closed', channel: 'phone', forwarding: { forwardedAt: new Date(), late: false } },
      { status: 'resolved_at_intake', channel: 'zalo' },
    ]);
    expect(counted.forwarded).to.deep.equal({ total: 2, late: 1 });
    expect(counted.byLevel).to.deep.equal({ 1: 1, 2: 2, 3: 0 });
    expect(counted.levels[1]!.outcomes.forwarded).to.equal(2);
  });
});
