import { expect } from 'chai';
import mongoose from 'mongoose';
import { connectDatabase } from '../../shared/db/connection.js';
import { Ticket } from '../../shared/db/models/ticket.model.js';
import { testMongoUri } from '../support/database.js';
import { api, startIntakeService, ticketBody, type IntakeService } from '../support/intake-service.js';

describe('intake API when Redis is down', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    // Nothing listens on port 1: every enqueue fails at once.
    svc = await startIntakeService('intake-redis-down', { REDIS_URL: 'redis://127.0.0.1:1' });
  });
  after(async () => {
    await svc?.stop();
  });

  it('still stores the ticket and says routing is pending, leaving the route owed for the sweeper', async () => {
    const res = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });
    expect(res.status).to.equal(201);
    expect(res.body.routing).to.equal('pending');
    const stored = await Ticket.findById(res.body.id).lean();
    expect(stored?.status).to.equal('received');
    expect(stored?.next?.action).to.equal('route');
    expect(stored?.next?.dueAt.getTime()).to.be.at.most(Date.now());
  });
});

describe('intake API when MongoDB is unreachable', function () {
  this.timeout(30_000);
  let svc: IntakeService;
  let databaseName: string;

  before(async () => {
    svc = await startIntakeService('intake-mongo-down');
    databaseName = mongoose.connection.name;
  });
  after(async () => {
    if (mongoose.connection.readyState === 0) await connectDatabase(testMongoUri(), databaseName);
    await svc?.stop();
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After and no stack, and writes nothing', async () => {
    await mongoose.disconnect();
    try {
      const create = await api(svc.url, 'POST', '/api/v1/tickets', {
        token: svc.tokens.operator,
        body: ticketBody(),
      });
      const read = await api(svc.url, 'GET', '/api/v1/tickets', { token: svc.tokens.operator });
      for (const res of [create, read]) {
        expect(res.status).to.equal(503);
        expect(res.headers.get('retry-after')).to.match(/^\d+$/);
        expect(res.body.error.code).to.equal('DATABASE_UNAVAILABLE');
        expect(res.body.error.message).to.equal(
          'Hệ thống tạm thời không lưu được dữ liệu. Vui lòng thử lại sau ít giây.',
        );
        expect(JSON.stringify(res.body)).not.to.match(/Mongo|stack|node_modules/);
      }
    } finally {
      await connectDatabase(testMongoUri(), databaseName);
    }
    expect(await Ticket.countDocuments({})).to.equal(0);
    const again = await api(svc.url, 'POST', '/api/v1/tickets', {
      token: svc.tokens.operator,
      body: ticketBody(),
    });
    expect(again.status).to.equal(201);
  });
});
