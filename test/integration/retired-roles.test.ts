import { expect } from 'chai';
import { ApiToken, Staff } from '../../shared/db/models/staff.model.js';
import { startService } from '../../main/start-service.js';
import { createStaff } from '../../shared/staff/staff-accounts.js';
import { testMongoKind } from '../support/database.js';
import { api, startIntakeService, type IntakeService } from '../support/intake-service.js';
import { quietLogger } from '../support/quiet-logger.js';

/**
 * An installation upgraded from the 2020 layout has accounts with the role of the dissolved
 * department inspectorate. The next start renames them to today's conduct reviewer, so those people
 * keep their access without anyone editing the database by hand.
 */
describe('upgrading from the 2020 role names', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('retired-roles');
  });
  after(async () => {
    await svc?.stop();
  });

  it("renames an 'inspector' account and its token at start, and the person reads what a reviewer reads", async () => {
    const created = await createStaff(
      { name: 'Lê Minh Châu', email: 'thanhtra.cu@retired-roles.test', role: 'reviewer' },
      new Date(),
    );
    // As an older version stored it (its schema allowed 'inspector').
    await Staff.collection.updateOne(
      { email: 'thanhtra.cu@retired-roles.test' },
      { $set: { role: 'inspector' } },
    );
    await ApiToken.collection.updateMany(
      { 'owner.email': 'thanhtra.cu@retired-roles.test' },
      { $set: { 'owner.role': 'inspector' } },
    );

    const restarted = await startService({
      http: true,
      workers: false,
      config: { ...svc.service.ctx.config, PORT: 0 },
      log: quietLogger(),
      mongoKind: testMongoKind(),
    });
    try {
      const staff = await Staff.findById(created.staffId).lean();
      expect(staff?.role).to.equal('reviewer');
      expect(await ApiToken.collection.countDocuments({ 'owner.role': 'inspector' })).to.equal(0);
      const stats = await api(restarted.url!, 'GET', '/api/v1/stats', { token: created.token });
      expect(stats.status).to.equal(200);
    } finally {
      await restarted.stop();
    }
  });
});
