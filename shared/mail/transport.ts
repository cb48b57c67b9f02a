import nodemailer, { type Transporter } from 'nodemailer';

/** SMTP connections kept open per process; the notify worker sends at most WORKER_CONCURRENCY at once. */
const POOL_CONNECTIONS = 5;

/**
 * One SMTP transport per process; `SMTP_URL` carries host, port, credentials and TLS choice (and may
 * override the options below, e.g. `?pool=false`). Pooled: a connection, greeting and EHLO for every
 * message kept the notify worker waiting on the network (~30 e-mails/s in `npm run bench`). The
 * timeouts keep each attempt well inside the notify worker's 2-minute send lease, after which another
 * worker may send the same message again (nodemailer's default socket timeout is 10 minutes).
 */
export function createMailTransport(smtpUrl: string): Transporter {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: POOL_CONNECTIONS,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
  // A pooled connection that fails is reported to the send it was serving (the notify worker retries);
  // an unhandled 'error' event would take the whole worker process down.
  transport.on('error', () => undefined);
  return transport;
}
