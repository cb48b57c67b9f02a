import { describeSpan, OFFICIAL_LABELS, SPAN_UNITS } from '../../shared/organisation/sla-policy-edits.js';
import type { Span } from '../../shared/calendar/span.js';
import type { TicketDomain } from '../../shared/tickets/ticket-domain.js';

/** A span split for a form: amount and unit. */
function parts(span: Span | undefined): { amount: string; unit: string; text: string } {
  if (!span) return { amount: '', unit: 'workingDays', text: '—' };
  const [unit, amount] = Object.entries(span)[0] as [string, number];
  return { amount: String(amount), unit, text: describeSpan(span) };
}

/** What the SLA page shows: the spans in force, per-category spans, the escalation chain. */
export function slaPageModel(domain: TicketDomain) {
  const policy = domain.policy;
  return {
    units: Object.entries(SPAN_UNITS).map(([code, label]) => ({ code, label })),
    officials: Object.entries(OFFICIAL_LABELS).map(([code, label]) => ({
      code,
      label,
      title: domain.officialTitle(code),
    })),
    normal: parts(policy.deadlines.normal),
    urgent: parts(policy.deadlines.urgent),
    reminder: parts(policy.reminderBefore),
    categorySpans: Object.entries(policy.categoryDeadlines).map(([code, span]) => ({
      code,
      name: domain.categoryName(code),
      ...parts(span),
    })),
    escalation: policy.escalation.map((step) => ({
      level: step.level,
      notify: step.notify,
      after: parts(step.after),
    })),
    conductReviewCategories: policy.conductReviewCategories.map((code) => domain.categoryName(code)),
  };
}
