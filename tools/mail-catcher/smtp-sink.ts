import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerError, SMTPServerSession } from 'smtp-server';
import type { RefuseMode } from './types.js';

/** Largest message kept; bigger ones are answered 552 (matches what common providers accept). */
export const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/** The envelope of one SMTP transaction. */
export interface Envelope {
  mailFrom: string;
  rcptTo: string[];
}

/** Options of {@link startSmtpSink}. */
export interface SmtpSinkOptions {
  host: string;
  port: number;
  /** Asked on every MAIL FROM and at the end of every DATA, so a test can flip it between messages. */
  refusal: () => RefuseMode;
  /** Keeps a complete message and returns the reply text; the client gets its 250 only after this. */
  accept: (raw: Buffer, envelope: Envelope) => Promise<string>;
}

/** A listening SMTP server that accepts anything (unless told to refuse). */
export interface SmtpSink {
  port: number;
  /** Stops listening and drops open connections at once. Idempotent. */
  close(): Promise<void>;
}

/** Starts a plain-text, local-only SMTP server; resolves once it listens. */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // Clients configured with credentials must still get through on a plain socket.
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    disableReverseLookup: true,
    banner: 'Hotline 1022 mail catcher',
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    onMailFrom: (_address, _session, callback) => callback(refusalError(options.refusal())),
    onData: (stream, session, callback) => {
      const envelope = envelopeOf(session);
      let answered = false;
      const answer = (err: Error | null, reply?: string): void => {
        if (answered) return;
        answered = true;
        callback(err, reply);
      };
      readAll(stream, MAX_MESSAGE_BYTES)
        .then(async (raw) => {
          const refused = refusalError(options.refusal());
          if (refused) return answer(refused);
          if (stream.sizeExceeded)
            return answer(smtpError(552, 'Message exceeds fixed maximum message size'));
          answer(null, await options.accept(raw, envelope));
        })
        .catch((err: unknown) => answer(err instanceof Error ? err : new Error(String(err))));
    },
  });

  // Client-side trouble (resets, garbage) surfaces as 'error' here; without a listener it would crash us.
  server.on('error', () => undefined);

  // smtp-server's own close() waits up to closeTimeout for idle clients; tests want stop() to be quick.
  const sockets = new Set<Socket>();
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    const onListenError = (err: Error): void => reject(err);
    server.server.once('error', onListenError);
    server.listen(options.port, options.host, () => {
      server.server.off('error', onListenError);
      resolve();
    });
  });

  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP sink is not listening on TCP');

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function refusalError(mode: RefuseMode): SMTPServerError | null {
  if (mode === 'temporary')
    return smtpError(451, 'Mail catcher simulates a temporary outage, try again later');
  if (mode === 'permanent') return smtpError(550, 'Mail catcher simulates a permanent rejection');
  return null;
}

function smtpError(responseCode: number, message: string): SMTPServerError {
  return Object.assign(new Error(message), { responseCode });
}

function envelopeOf(session: SMTPServerSession): Envelope {
  const { mailFrom, rcptTo } = session.envelope;
  return { mailFrom: mailFrom ? mailFrom.address : '', rcptTo: rcptTo.map((r) => r.address) };
}

/** Reads the DATA stream to its end, keeping at most `limit` bytes; rejects if the client leaves early. */
function readAll(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    stream.on('data', (chunk: Buffer) => {
      if (size >= limit) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    stream.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    stream.once('error', reject);
    stream.once('close', () => {
      if (!ended) reject(new Error('Connection closed before the message was received in full'));
    });
  });
}
