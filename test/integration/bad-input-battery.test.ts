import { expect } from 'chai';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import {
  closureCases,
  edgeCases,
  fullTicketBody,
  intakeCases,
  queryCases,
} from '../support/battery/api-cases.js';
import { snapshotDatabase, snapshotDifferences } from '../support/battery/db-snapshot.js';
import { startBattery, type BatteryFixtures } from '../support/battery/fixtures.js';
import { runCase, withValue, type HostileCase } from '../support/battery/hostile-case.js';
import { answerPageCases, monitorPageCases, operatorPageCases } from '../support/battery/page-cases.js';
import { attackApiCases, attackPageCases } from '../support/battery/attack-classes.js';

/** The entry points of the HTTP service, each with its table of hostile and malformed requests. */
const BATCHES: Array<[string, (f: BatteryFixtures) => HostileCase[]]> = [
  ['intake API (POST /api/v1/tickets)', intakeCases],
  ['ticket lists, one ticket, statistics and exports (query strings)', queryCases],
  ['closure (POST /api/v1/tickets/:id/closure)', closureCases],
  ['metrics, queue board, unknown paths', edgeCases],
  ['operator page (/operator)', operatorPageCases],
  ['answer pages (/answer/<token>)', answerPageCases],
  ['monitoring pages (/monitor)', monitorPageCases],
  ['issue 14 classes, API (padding, invisible names, far dates, cursors)', attackApiCases],
  ['issue 14 classes, pages (padding, invisible names, far dates, malformed multipart)', attackPageCases],
];

describe('bad-input battery: hostile and malformed requests at every entry point', function () {
  this.timeout(180_000);
  let f: BatteryFixtures;

  before(async () => {
    f = await startBattery();
  });
  after(async () => {
    await f?.stop();
  });

  it('has at least 200 cases, each with its own label', () => {
    const labels = BATCHES.flatMap(([, make]) => make(f).map((c) => c.label));
    expect(labels.length).to.be.at.least(200);
    expect(
      labels.filter((label, i) => labels.indexOf(label) !== i),
      'duplicate labels',
    ).to.deep.equal([]);
  });

  for (const [name, make] of BATCHES) {
    it(`${name}: a 4xx in the standard shape for every case, no 5xx, the process up, the database unchanged`, async () => {
      const cases = make(f);
      const before = await snapshotDatabase();
      const failures: string[] = [];
      for (const testCase of cases) {
        // Rate-limit counters legitimately grow with each refused request; a 429 would hide the real answer.
        await f.resetRateLimits();
        const result = await runCase(f.url, testCase);
        if (result.problems.length > 0)
          failures.push(`${result.label} → ${result.status}: ${result.problems.join('; ')}`);
      }
      const health = await fetch(`${f.url}/healthz`);
      const after = await snapshotDatabase();
      expect(
        failures,
        `${failures.length} of ${cases.length} cases failed:\n${failures.join('\n')}`,
      ).to.deep.equal([]);
      expect(health.status, 'GET /healthz after the batch').to.equal(200);
      expect(snapshotDifferences(before, after), 'database changed').to.deep.equal([]);
    });
  }

  describe('unusual but valid text is accepted (2xx), stored normalised and shown escaped', () => {
    const nfd = 'Di tích Gò Tháp'.normalize('NFD');

    it('stores NFD text from the API as NFC', async () => {
      expect(nfd).not.to.equal(nfd.normalize('NFC'));
      const body = withValue(
        withValue(fullTicketBody(), 'subject', nfd),
        'citizen.name',
        'Võ Thị Hồng'.normalize('NFD'),
      );
      const res = await fetch(`${f.url}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${f.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).to.equal(201);
      const { id } = (await res.json()) as { id: string };
      const stored = await Ticket.findById(id).lean();
      expect(stored?.subject).to.equal(nfd.normalize('NFC'));
      expect(stored?.citizen?.name).to.equal('Võ Thị Hồng'.normalize('NFC'));
    });

    it('stores NFD text from the operator form as NFC', async () => {
      const res = await fetch(`${f.url}/operator/tickets`, {
        method: 'POST',
        headers: { cookie: f.operatorPage.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          _csrf: f.operatorPage.csrf,
          'citizen.name': 'Võ Thị Hồng',
          'citizen.phone': '0912 345 678',
          category: 'heritage',
          subject: `${nfd} (biểu mẫu)`,
          content: 'Nội dung'.normalize('NFD'),
          channel: 'phone',
        }).toString(),
        redirect: 'manual',
      });
      expect(res.status).to.equal(303);
      const stored = await Ticket.findOne({ subject: `${nfd.normalize('NFC')} (biểu mẫu)` }).lean();
      expect(stored?.content).to.equal('Nội dung'.normalize('NFC'));
    });

    it('keeps a script typed into a ticket as text and shows it escaped on the answer page', async () => {
      const res = await fetch(`${f.url}/answer/${f.answer.token}`, { headers: { accept: 'text/html' } });
      const html = await res.text();
      expect(res.status).to.equal(200);
      // The seeded ticket's content carries <script>alert("xss")</script>.
      expect(html).not.to.contain('<script>alert');
      expect(html).to.contain('&lt;script&gt;alert');
    });
  });
});
