import type { Config } from '../../config/env.js';

/**
 * The SMS provider, reached over HTTP (the contract is in docs/citizen.md): `POST SMS_GATEWAY_URL`
 * with JSON `{ to, text, reference }` and `Authorization: Bearer SMS_GATEWAY_TOKEN`; any 2xx with
 * `{ messageId }` means accepted. Anything else (another status, a timeout, a refused connection)
 * throws, and the notify queue retries with backoff. `reference` is the same on every attempt of one
 * notice, so a gateway that keeps it can drop a repeat.
 */
export interface SmsGateway {
  send(message: SmsMessage): Promise<{ messageId?: string }>;
}

export interface SmsMessage {
  /** E.164, e.g. `+84912345678` (intake normalises every phone to it). */
  to: string;
  text: string;
  /** Idempotency key: `<ticketId>.<outbox key>@<host>`, the notice's fixed id. */
  reference: string;
}

/** Well inside the notify worker's two-minute lease, so a slow gateway cannot outlive it. */
const REQUEST_TIMEOUT_MS = 15_000;

/** The gateway of SMS_GATEWAY_URL, or undefined when none is configured (then no SMS is owed). */
export function createSmsGateway(
  config: Pick<Config, 'SMS_GATEWAY_URL' | 'SMS_GATEWAY_TOKEN'>,
): SmsGateway | undefined {
  const url = config.SMS_GATEWAY_URL;
  if (!url) return undefined;
  return {
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(config.SMS_GATEWAY_TOKEN ? { Authorization: `Bearer ${config.SMS_GATEWAY_TOKEN}` } : {}),
          'Idempotency-Key': message.reference,
        },
        body: JSON.stringify(message),
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = await response.text().catch(() => '');
      if (response.status < 200 || response.status >= 300)
        throw new Error(`SMS gateway answered HTTP ${response.status}`);
      try {
        const parsed = JSON.parse(body) as { messageId?: unknown };
        return typeof parsed.messageId === 'string' ? { messageId: parsed.messageId } : {};
      } catch {
        return {};
      }
    },
  };
}

/**
 * The start-up line about SMS: none configured (citizens are told by e-mail only, no SMS is owed),
 * or the gateway's host, with a warning when this PUBLIC_BASE_URL makes a notice longer than one SMS.
 */
export function smsStartUpLine(
  config: Pick<Config, 'SMS_GATEWAY_URL' | 'PUBLIC_BASE_URL'>,
  longestSeptets: (lookupUrl: string) => number,
  maxSeptets: number,
): { level: 'info' | 'warn'; message: string } {
  if (!config.SMS_GATEWAY_URL)
    return {
      level: 'info',
      message: 'SMS: no SMS_GATEWAY_URL set, so citizens get notices by e-mail only and no SMS is owed',
    };
  const septets = longestSeptets(`${config.PUBLIC_BASE_URL}/tra-cuu`);
  const host = new URL(config.SMS_GATEWAY_URL).host;
  if (septets > maxSeptets)
    return {
      level: 'warn',
      message: `SMS: notices go through ${host}, but with PUBLIC_BASE_URL ${config.PUBLIC_BASE_URL} the longest takes ${septets} characters, more than one SMS (${maxSeptets}); a shorter address keeps each notice to one message`,
    };
  return { level: 'info', message: `SMS: notices to citizens go through ${host}` };
}
