import type { RuntimeDeps } from '../runtime-deps.js';
import { enqueueMail } from '../queue/enqueue.js';
import {
  claimOutboxMail,
  recordOutboxAttemptFailed,
  recordOutboxFailed,
  recordOutboxSent,
  releaseOutboxLease,
} from '../tickets/repository/ticket-outbox.js';
import { sendUnderLease, type LeasedSendOutcome } from './leased-send.js';
import { buildMailContext, type MailTicket } from './mail-context.js';
import { mailKindLabelVi } from './mail-kind-labels-vi.js';
import { mailDomainOf, outboxMail } from './outbox.js';
import { renderMail } from './render-mail.js';
import { unitReplyHeaders } from './unit-reply-headers.js';
import { redisSentWitness } from './sent-witness.js';

/** How long a worker holds a message before another may try it (a crashed sender's lease runs out). */
const SEND_LEASE_MS = 2 * 60_000;

/**
 * Sends one e-mail of a ticket's outbox (assignment, reminder, escalation, notices, alerts) through
 * the leased send. After the last attempt (`final`) the entry is marked failed and the Office Chief
 * is owed an alert, in the same update; an alert about a failed alert would loop, so that one is
 * only recorded.
 */
export async function sendTicketMail(
  deps: RuntimeDeps,
  job: { ticketId: string; key: string; final: boolean },
): Promise<LeasedSendOutcome> {
  const { ticketId, key } = job;
  const now = deps.clock();
  return sendUnderLease(
    {
      transport: deps.mail,
      from: deps.config.MAIL_FROM,
      now,
      witness: redisSentWitness(deps.queues),
    },
    {
      kindOf: ({ mail }) => mail.kind,
      leaseMs: SEND_LEASE_MS,
      claim: () => claimOutboxMail(ticketId, key, now, SEND_LEASE_MS),
      notBefore: ({ mail }) => mail.notBefore,
      release: () => releaseOutboxLease(ticketId, key),
      compose: ({ ticket, mail }) => ({
        ...renderMail(
          mail.kind,
          buildMailContext(deps.domain, deps.config, ticket as unknown as MailTicket, mail, now),
        ),
        to: mail.to,
        cc: mail.cc,
        messageId: mail.messageId,
        ...unitReplyHeaders(deps.config, ticket, mail),
        headers: { 'X-Hotline-Ticket': ticket.code },
      }),
      recordSent: ({ mail }) => recordOutboxSent(ticketId, key, mail.kind, deps.clock()),
      onRecordRetry: ({ ticket }, error) =>
        deps.log.warn('e-mail sent but not yet recorded; retrying', {
          ticketCode: ticket.code,
          key,
          error: error instanceof Error ? error.message : String(error),
        }),
      recordFailure: async ({ ticket, mail }, error) => {
        deps.log.warn('e-mail not accepted', {
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
        const alert =
          mail.kind === 'mail_failed'
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
        await recordOutboxFailed(ticketId, mail, error, failedAt, alert);
        if (alert) await enqueueMail(deps.queues, ticketId, alert.key, alert.notBefore, { now: failedAt });
        return 'final';
      },
    },
  );
}
