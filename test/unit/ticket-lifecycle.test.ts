import { expect } from 'chai';
import {
  checkTransition,
  freshTimerSeq,
  isRepeatOf,
  nextTimer,
  owedNow,
  STATUSES,
  TRANSITIONS,
  unitOwesAnswer,
  type ActorKind,
  type TicketStatus,
  type TransitionName,
} from '../../shared/tickets/lifecycle.js';

const ACTORS: ActorKind[] = ['system', 'unit', 'staff'];
const WAITING: TicketStatus[] = ['assigned', 'transfer_requested'];
const SUPPORT_OPEN: TicketStatus[] = ['assigned', 'transfer_requested', 'waiting_citizen'];
const EVERY: TicketStatus[] = [
  'received',
  'assigned',
  'transfer_requested',
  'waiting_citizen',
  'answered',
  'reopen_requested',
  'closed',
  'resolved_at_intake',
];

/**
 * The lifecycle as the Department described it, written out by hand: for each transition, who may
 * make it, from which statuses, and the status it leaves ('same' keeps the status).
 */
const EXPECTED: Record<TransitionName, { by: ActorKind; from: TicketStatus[]; to: TicketStatus | 'same' }> = {
  route: { by: 'system', from: ['received'], to: 'assigned' },
  remind: { by: 'system', from: WAITING, to: 'same' },
  escalate: { by: 'system', from: WAITING, to: 'same' },
  answer: { by: 'unit', from: WAITING, to: 'answered' },
  requestTransfer: { by: 'unit', from: ['assigned'], to: 'transfer_requested' },
  requestExtension: { by: 'unit', from: WAITING, to: 'same' },
  reassign: { by: 'staff', from: WAITING, to: 'assigned' },
  refuseTransfer: { by: 'staff', from: ['transfer_requested'], to: 'assigned' },
  decideExtension: { by: 'staff', from: WAITING, to: 'same' },
  closeWithReason: {
    by: 'staff',
    from: ['received', 'assigned', 'transfer_requested', 'waiting_citizen', 'answered', 'reopen_requested'],
    to: 'closed',
  },
  askCitizen: { by: 'unit', from: ['assigned'], to: 'waiting_citizen' },
  recordCitizenReply: { by: 'staff', from: ['waiting_citizen'], to: 'assigned' },
  closeUnreachable: { by: 'system', from: ['waiting_citizen'], to: 'closed' },
  recordCallBack: { by: 'staff', from: ['answered'], to: 'closed' },
  recordUnsatisfiedCallBack: { by: 'staff', from: ['answered'], to: 'reopen_requested' },
  reopen: { by: 'staff', from: ['reopen_requested'], to: 'assigned' },
  markComplex: { by: 'staff', from: WAITING, to: 'same' },
  forwardOutside: { by: 'staff', from: WAITING, to: 'closed' },
  addNote: { by: 'staff', from: EVERY, to: 'same' },
  publish: { by: 'staff', from: ['answered', 'closed'], to: 'same' },
  withdrawPublication: { by: 'staff', from: EVERY, to: 'same' },
  anonymise: { by: 'system', from: EVERY, to: 'same' },
  deleteAttachments: { by: 'system', from: ['closed', 'resolved_at_intake'], to: 'same' },
  // Co-handling: supporting units act beside the lead while it owes the answer or waits on the citizen;
  // their timers, like the lead's, are paused while it waits on the citizen.
  requestSupport: { by: 'staff', from: SUPPORT_OPEN, to: 'same' },
  submitSupportInput: { by: 'unit', from: SUPPORT_OPEN, to: 'same' },
  remindSupport: { by: 'system', from: WAITING, to: 'same' },
  escalateSupport: { by: 'system', from: WAITING, to: 'same' },
  pauseSupportTimer: { by: 'system', from: ['waiting_citizen'], to: 'same' },
  dropSupportTimer: { by: 'system', from: EVERY, to: 'same' },
};

describe('ticket lifecycle', () => {
  it('knows every status a ticket can be in, and no transition the table above does not', () => {
    expect([...STATUSES].sort()).to.deep.equal([...EVERY].sort());
    expect(Object.keys(TRANSITIONS).sort()).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const [name, rule] of Object.entries(EXPECTED) as Array<
    [TransitionName, (typeof EXPECTED)[TransitionName]]
  >) {
    describe(`${name} (by ${rule.by})`, () => {
      for (const status of EVERY) {
        for (const actor of ACTORS) {
          const allowed = actor === rule.by && rule.from.includes(status);
          const to = rule.to === 'same' ? status : rule.to;
          it(`${allowed ? 'allows' : 'refuses'} it from ${status} by ${actor}${allowed ? `, leaving ${to}` : ''}`, () => {
            const check = checkTransition(name, status, actor);
            if (allowed) {
              expect(check).to.deep.equal({ allowed: true, to });
            } else {
              expect(check).to.deep.equal({
                allowed: false,
                reason: actor !== rule.by ? 'wrong_actor' : 'wrong_status',
              });
            }
          });
        }
      }
    });
  }

  it('refuses a status it does not know', () => {
    expect(checkTransition('answer', 'archived', 'unit')).to.deep.equal({
      allowed: false,
      reason: 'wrong_status',
    });
  });

  describe('who owes what now', () => {
    const assignment = { no: 1 };
    it('a received ticket owes routing', () => {
      expect(owedNow({ status: 'received' })).to.equal('routing');
    });
    it('an assigned ticket, or one whose unit said "not ours", owes the unit’s answer', () => {
      expect(owedNow({ status: 'assigned', assignment })).to.equal('unit_answer');
      expect(owedNow({ status: 'transfer_requested', assignment })).to.equal('unit_answer');
      expect(unitOwesAnswer({ status: 'transfer_requested', assignment })).to.equal(true);
    });
    it('no unit owes an answer without an assignment', () => {
      expect(unitOwesAnswer({ status: 'assigned' })).to.equal(false);
      expect(unitOwesAnswer({ status: 'assigned', assignment: null })).to.equal(false);
    });
    it('an answered ticket owes the operator’s call-back; closed and resolved ones owe nothing', () => {
      expect(owedNow({ status: 'answered', assignment })).to.equal('call_back');
      expect(unitOwesAnswer({ status: 'answered', assignment })).to.equal(false);
      expect(owedNow({ status: 'closed', assignment })).to.equal('nothing');
      expect(owedNow({ status: 'resolved_at_intake' })).to.equal('nothing');
    });
    it('a ticket waiting on the citizen owes the operators’ call, not the unit’s answer (its deadline is paused)', () => {
      expect(owedNow({ status: 'waiting_citizen', assignment })).to.equal('citizen_info');
      expect(unitOwesAnswer({ status: 'waiting_citizen', assignment })).to.equal(false);
    });
    it('an unsatisfied call-back owes the Office Chief’s decision', () => {
      expect(owedNow({ status: 'reopen_requested', assignment })).to.equal('reopen_decision');
    });
  });

  describe('the next timer', () => {
    const timer = {
      action: 'escalate' as const,
      dueAt: new Date('2026-12-03T10:00:00Z'),
      assignmentNo: 1,
      level: 2,
    };
    it('follows the current timer with the next seq', () => {
      expect(freshTimerSeq({ next: { seq: 4 }, events: [1, 2, 3] })).to.equal(5);
      expect(nextTimer(timer, { next: { seq: 4 }, events: [1, 2, 3] })).to.deep.equal({ ...timer, seq: 5 });
    });
    it('after the end of the chain (no next timer) never reuses a seq: the event count bounds every seq so far', () => {
      expect(freshTimerSeq({ next: null, events: [1, 2, 3, 4, 5, 6] })).to.equal(7);
      expect(freshTimerSeq({ next: { seq: 2 }, events: [1, 2, 3, 4, 5, 6] })).to.equal(7);
    });
    it('owes no timer at the end of the chain', () => {
      expect(nextTimer(null, { next: { seq: 4 }, events: [] })).to.equal(null);
    });
    it('starts at 1 on a ticket that never had one', () => {
      expect(freshTimerSeq({})).to.equal(1);
    });
  });

  describe('a form sent twice', () => {
    const ticket = {
      events: [
        { type: 'answered', data: { formId: 'form-a' } },
        { type: 'note', data: {} },
      ],
    };
    it('is recognised by its form id, of any event type or of the one asked', () => {
      expect(isRepeatOf(ticket, 'form-a')).to.equal(true);
      expect(isRepeatOf(ticket, 'form-a', 'answered')).to.equal(true);
      expect(isRepeatOf(ticket, 'form-a', 'transfer_requested')).to.equal(false);
      expect(isRepeatOf(ticket, 'form-b')).to.equal(false);
    });
  });
});
