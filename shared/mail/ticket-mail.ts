import type { RuntimeDeps } from '../runtime-deps.js';
import { metrics } from '../metrics/metrics.js';
import { enqueueMail } from '../queue/enqueue.js';
import {
  claimOutboxMail,
  recordOutboxAttemptFailed,
  recordOutboxFailed,
  recordOutboxSent,
  releaseOutboxLease,
  withdrawOutboxMail,
} from '../tickets/repository/ticket-outbox.js';
import type { StoredTicket } from '../tickets/repository/ticket-repository.js';
import { noticeAddress } from '../notices/citizen-notices.js';
import { composeNotice, type ComposedNotice } from '../notices/compose-notice.js';
import { isNoticeKind } from '../notices/notice-text-vi.js';
import {
  deliverUnderLease,
  smtpChannel,
  type LeasedSendOutcome,
  type MessageChannel,
  type OutgoingMail,
} from './leased-send.js';
import { buildMailContext, type MailTicket } from './mail-context.js';
import { mailKindLabelVi } from './mail-kind-labels-vi.js';
import { mailDomainOf, outboxMail } from './outbox.js';
import { renderMail } from './render-mail.js';
import { unitReplyHeaders } from './unit-reply-headers.js';
import { redisSentWitness } from './sent-witness.js';

/** How long a worker holds a message before another may try it (a crashed sender's lease runs out). */
const SEND_LEASE_MS = 2 * 60_000;

type Claimed = { ticket: StoredTicket; mail: StoredTicket['outbox'][number] };

/** What leaves for one outbox entry: an e-mail over SMTP, or an SMS notice through the gateway. */
type OutgoingTicketMessage = ({ via: 'email' } & OutgoingMail) | ComposedNotice;

/** SMTP or the SMS gateway, chosen per message; one lease and one witness for both. */
function ticketChannel(deps: RuntimeDeps): MessageChannel<OutgoingTicketMessage> {
  const smtp = smtpChannel(deps.mail, deps.config.MAIL_FROM);
  return {
    async deliver(message) {
      if (message.via === 'email') return smtp.deliver(message);
      if (!deps.sms) throw new Error('no SMS gateway configured');
      await deps.sms.send({ to: message.to, text: message.text, reference: message.messageId });
    },
    countSent: (kind, message) =>
      message.via === 'sms' ? metrics.smsSent.inc({ kind }) : metrics.emailsSent.inc({ kind }),
    countFailure: (kind, message) =>
      message?.via === 'sms'
        ? metrics.smsSendFailures.inc({ kind })
        : metrics.emailSendFailures.inc({ kind }),
  };
}

/**
 * Takes the lease on an entry, and gives up a citizen's notice that may no longer go: the citizen
 * opted out, the ticket was anonymised (its phone and e-mail are gone), or SMS is switched off.
 */
async function claimEntry(
  deps: RuntimeDeps,
  ticketId: string,
  key: string,
  now: Date,
): Promise<Claimed | null> {
  const claimed = await claimOutboxMail(ticketId, key, now, SEND_LEASE_MS);
  if (!claimed || !isNoticeKind(claimed.mail.kind)) return claimed;
  const channel = claimed.mail.channel ?? 'email';
  if (noticeAddress(claimed.ticket, channel, Boolean(deps.sms)) !== null) return claimed;
  const reason = claimed.ticket.privacy?.anonymisedAt
    ? 'ticket anonymised'
    : claimed.ticket.citizen?.noticesOptOut
      ? 'citizen opted out'
      : channel === 'sms' && !deps.sms
        ? 'no SMS gateway'
        : 'no address';
  await withdrawOutboxMail(ticketId, key, reason, deps.clock());
  deps.log.info('citizen notice withdrawn', { ticketCode: claimed.ticket.code, key, reason });
  return null;
}

/**
 * Sends one message of a ticket's outbox (assignment, reminder, escalation, notices, alerts, the
 * citizen's notices) through the leased send. After the last attempt (`final`) the entry is marked
 * failed and the Office Chief is owed an alert, in the same update; an alert about a failed alert
 * would loop, so that one is only recorded, and a citizen's notice owes none (the operator calls the
 * citizen back in any case, and the alert would carry the citizen's address).
 */
export async function sendTicketMail(
  deps: RuntimeDeps,
  job: { ticketId: string; key: string; final: boolean },
): Promise<LeasedSendOutcome> {
  const { ticketId, key } = job;
  const now = deps.clock();
  return deliverUnderLease<Claimed, OutgoingTicketMessage>(
    { now, witness: redisSentWitness(deps.queues) },
    ticketChannel(deps),
    {
      kindOf: ({ mail }) => mail.kind,
      leaseMs: SEND_LEASE_MS,
      claim: () => claimEntry(deps, ticketId, key, now),
      notBefore: ({ mail }) => mail.notBefore,
      release: () => releaseOutboxLease(ticketId, key),
      compose: ({ ticket, mail }): OutgoingTicketMessage => {
        if (isNoticeKind(mail.kind)) return composeNotice(deps, ticket, { ...mail, kind: mail.kind });
        return {
          via: 'email',
          ...renderMail(
            mail.kind,
            buildMailContext(deps.domain, deps.config, ticket as unknown as MailTicket, mail, now),
          ),
          to: mail.to,
          cc: mail.cc,
          messageId: mail.messageId,
          ...unitReplyHeaders(deps.config, ticket, mail),
          headers: { 'X-Hotline-Ticket': ticket.code },
        };
      },
      recordSent: ({ mail }) =>
        recordOutboxSent(
          ticketId,
          key,
          mail.kind,
          deps.clock(),
          isNoticeKind(mail.kind) ? { channel: mail.channel ?? 'email' } : undefined,
        ),
      onRecordRetry: ({ ticket }, error) =>
        deps.log.warn('message sent but not yet recorded; retrying', {
          ticketCode: ticket.code,
          key,
          error: error instanceof Error ? error.message : String(error),
        }),
      recordFailure: async ({ ticket, mail }, error) => {
        deps.log.warn(mail.channel === 'sms' ? 'SMS not accepted' : 'e-mail not accepted', {
          ticketCode: ticket.code,
          key,
          attempt: mail.attempts,
          final: job.final,
          error,
        });
        if (!job.final) {
          await recordOutboxAttemptFailed(ticketId, key, error);
          return 'retry';
        }
        const failedAt = deps.clock();
        const notice = isNoticeKind(mail.kind);
        const alert =
          mail.kind === 'mail_failed' || notice
            ? undefined
            : outboxMail({
                ticketId,
                key: `mail-failed-${key}`,
                kind: 'mail_failed',
                to: [deps.domain.officialEmail('officeChief')],
                now: failedAt,
                mailDomain: mailDomainOf(deps.config.PUBLIC_BASE_URL),
                data: {
                  officials: ['officeChief'],
                  failedKindLabel: mailKindLabelVi(mail.kind),
                  failedTo: mail.to,
                  attempts: mail.attempts,
                },
              });
        await recordOutboxFailed(ticketId, mail, error, failedAt, alert, notice);
        if (alert) await enqueueMail(deps.queues, ticketId, alert.key, alert.notBefore, { now: failedAt });
        return 'final';
      },
    },
  );
}
