import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the test gateway received, and the status it answered. */
export interface GatewayRequest {
  to: string;
  text: string;
  reference: string;
  authorization: string | undefined;
  status: number;
}

export interface TestSmsGateway {
  url: string;
  /** Every request so far, refused ones included. */
  requests(): GatewayRequest[];
  /** The requests it accepted (2xx). */
  accepted(): GatewayRequest[];
  /** Statuses to answer, in order, to the next matching requests; then 200. */
  failNext(matches: (request: { to: string; reference: string }) => boolean, statuses: number[]): void;
  /** Refuses (503) every matching request until `accept()`. */
  refuse(matches: (request: { to: string; reference: string }) => boolean): void;
  accept(): void;
  stop(): Promise<void>;
}

/**
 * A local SMS gateway speaking the contract of docs/citizen.md: POST JSON `{ to, text, reference }`
 * with a bearer token, 200 `{ messageId }`. The test scripts refusals to see the service retry.
 */
export async function startTestSmsGateway(): Promise<TestSmsGateway> {
  const log: GatewayRequest[] = [];
  const scripted: Array<{
    matches: (request: { to: string; reference: string }) => boolean;
    statuses: number[];
  }> = [];
  let refusing: ((request: { to: string; reference: string }) => boolean) | undefined;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: { to?: string; text?: string; reference?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        // answered 400 below
      }
      const reference = String(body.reference ?? '');
      const request = { to: String(body.to ?? ''), reference };
      const script = scripted.find((entry) => entry.matches(request) && entry.statuses.length > 0);
      const status =
        req.method !== 'POST' || !body.to || !body.text || !reference
          ? 400
          : refusing?.(request)
            ? 503
            : (script?.statuses.shift() ?? 200);
      log.push({
        to: String(body.to ?? ''),
        text: String(body.text ?? ''),
        reference,
        authorization: req.headers.authorization,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? JSON.stringify({ messageId: `gw-${log.length}` }) : '{"error":"refused"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests: () => [...log],
    accepted: () => log.filter((entry) => entry.status >= 200 && entry.status < 300),
    failNext: (matches, statuses) => scripted.push({ matches, statuses: [...statuses] }),
    refuse: (matches) => {
      refusing = matches;
    },
    accept: () => {
      refusing = undefined;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
