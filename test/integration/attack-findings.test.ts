import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { AnswerPageClient } from '../support/answer-client.js';
import { seedAssignedTicket } from '../support/assigned-ticket.js';
import { api, ticketBody } from '../support/intake-service.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

/**
 * Regressions of the attack on the running service (issue 14): each case is what the attacker sent,
 * through the same door, and what a person now sees instead.
 */
describe('attack findings (issue 14)', function () {
  this.timeout(60_000);
  let pipeline: Pipeline;
  let base: string;
  let secret: string;
  let dataDir: string;
  let operatorToken: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hotline-attack-'));
    pipeline = await startPipeline('attack-findings', {
      http: true,
      workers: true,
      config: { DATA_DIR: dataDir },
    });
    base = pipeline.service.url!;
    secret = pipeline.config.LINK_SECRET;
    operatorToken = (
      await createStaff(
        { name: 'Nguyễn Thị Lan', email: 'operator@attack.test', role: 'operator' },
        new Date(),
      )
    ).token;
  });

  after(async () => {
    await pipeline?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('1. oversize whitespace is refused before cleaning', () => {
    // On main each of these was cleaned first (seconds of frozen event loop), then accepted.
    const padded = (length: number, separator = '') => `a${' '.repeat(length)}${separator}b`;

    it('refuses ticket content padded with 63,000 spaces, naming the field, and stores nothing', async () => {
      const before = await Ticket.countDocuments();
      const response = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({ content: padded(63_000, '\n') }),
      });
      expect(response.status).to.equal(400);
      expect(response.body.error.details).to.deep.include({ path: 'content', message: 'Tối đa 4000 ký tự.' });
      expect(await Ticket.countDocuments()).to.equal(before);
    });

    it('refuses a padded name in a citizen field and in the subject', async () => {
      const response = await api(base, 'POST', '/api/v1/tickets', {
        token: operatorToken,
        body: ticketBody({
          subject: padded(20_000),
          citizen: { name: padded(20_000), phone: '0912 345 678' },
        }),
      });
      expect(response.status).to.equal(400);
      const paths = (response.body.error.details as Array<{ path: string }>).map((d) => d.path);
      expect(paths).to.include.members(['subject', 'citizen.name']);
    });

    it('refuses a padded list filter q', async () => {
      const response = await api(
        base,
        'GET',
        `/api/v1/tickets?${new URLSearchParams({ q: padded(12_000) })}`,
        {
          token: operatorToken,
        },
      );
      expect(response.status).to.equal(400);
      expect(response.body.error.details).to.deep.include({ path: 'q', message: 'Tối đa 200 ký tự.' });
    });

    it('shows the answer form again when the responder’s name is padded, and records no answer', async () => {
      const seeded = await seedAssignedTicket(secret);
      const client = new AnswerPageClient(base, seeded.token);
      expect((await client.open()).status).to.equal(200);
      const response = await client.postAnswer({
        text: 'Đã kiểm tra.',
        name: padded(20_000),
        position: 'Trưởng phòng',
      });
      expect(response.status).to.equal(400);
      expect(await response.text()).to.contain('Tối đa 120 ký tự.');
      expect((await Ticket.findById(seeded.ticketId).lean())?.status).to.equal('assigned');
    });
  });
});
