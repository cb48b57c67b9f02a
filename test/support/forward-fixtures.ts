import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export const DESTINATION_WITH_MAIL = {
  code: 'SYT',
  email: 'vanthu.syt@example.gov.vn',
  recipient: 'Sở Y tế',
};
export const DESTINATION_WITHOUT_MAIL = { code: 'X01', recipient: 'Phòng Văn hóa – Xã hội xã Tân Hồng' };

/** A destinations file like config/destinations.json, with one body that has an e-mail address and one commune without. */
export function writeDestinationsFile(): string {
  const file = join(tmpdir(), `destinations-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      localAuthorities: {
        provisional: true,
        expectedCount: 102,
        source: 'Danh sách thử nghiệm',
        entries: [
          { code: 'X01', kind: 'commune', name: 'Xã Tân Hồng', office: DESTINATION_WITHOUT_MAIL.recipient },
        ],
      },
      provincialBodies: [
        {
          code: 'SYT',
          kind: 'department',
          name: 'Sở Y tế',
          email: DESTINATION_WITH_MAIL.email,
          provisional: true,
          source: 'Danh sách thử nghiệm',
        },
      ],
    }),
  );
  return file;
}

export interface SwitchboardDelivery {
  body: Record<string, unknown>;
  deliveryId: string | undefined;
  /** As received, for checking against the OpenAPI document's `webhooks`. */
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** The switchboard's webhook receiver: accepts every delivery and keeps it. */
export function startSwitchboard(): Promise<{
  server: Server;
  url: string;
  deliveries: SwitchboardDelivery[];
}> {
  const deliveries: SwitchboardDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      deliveries.push({
        body: JSON.parse(text) as Record<string, unknown>,
        deliveryId: req.headers['x-hotline-delivery'] as string | undefined,
        headers: req.headers,
        text,
      });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, deliveries }),
    ),
  );
}
