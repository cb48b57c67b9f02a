import { sendUnderLease, type LeasedSendOutcome } from '../mail/leased-send.js';
import { mailDomainOf } from '../mail/outbox.js';
import { renderMail } from '../mail/render-mail.js';
import type { RuntimeDeps } from '../runtime-deps.js';
import {
  claimLoginLinkForSending,
  loginLinkUrl,
  markLoginLinkSent,
  releaseLoginLink,
} from './login-links.js';
import { redisSentWitness } from '../mail/sent-witness.js';

/**
 * Longer than one send can take with the transport's timeouts (shared/mail/transport.ts), so the
 * sweeper never hands a link still being sent to another worker.
 */
const SEND_LEASE_MS = 3 * 60_000;

/**
 * E-mails a dashboard login link through the leased send. The job carries the link's id only; the
 * token is re-derived from its stored salt. Nothing is sent for a link already sent, used or
 * expired, and the Message-ID is the same on every attempt, so a retry is recognisable.
 */
export async function sendLoginLinkMail(deps: RuntimeDeps, linkId: string): Promise<LeasedSendOutcome> {
  const now = deps.clock();
  return sendUnderLease(
    { transport: deps.mail, from: deps.config.MAIL_FROM, now, witness: redisSentWitness(deps.queues) },
    {
      kindOf: () => 'login_link',
      leaseMs: SEND_LEASE_MS,
      claim: async () =>
        (await claimLoginLinkForSending(deps.config.LINK_SECRET, linkId, now, SEND_LEASE_MS)) ?? null,
      release: () => releaseLoginLink(linkId),
      compose: (link) => ({
        ...renderMail('login_link', {
          staff: link.staff,
          url: loginLinkUrl(deps.config.PUBLIC_BASE_URL, link.token),
          expiresAt: link.expiresAt,
          department: deps.domain.table.department,
        }),
        to: link.staff.email,
        messageId: `login-${linkId}@${mailDomainOf(deps.config.PUBLIC_BASE_URL)}`,
      }),
      recordSent: () => markLoginLinkSent(linkId, deps.clock()),
      recordFailure: async () => {
        await releaseLoginLink(linkId);
        return 'retry';
      },
    },
  );
}
