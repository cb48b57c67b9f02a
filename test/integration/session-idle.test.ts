import { expect } from 'chai';
import { monitorFetch, monitorStaff, type MonitorStaff } from '../support/monitor-client.js';
import { startPipeline, type Pipeline } from '../support/pipeline.js';

const MINUTE = 60_000;

describe('staff page sessions end after an idle time (SESSION_IDLE_MINUTES)', function () {
  this.timeout(30_000);
  // The service's clock is the real one moved by `offset`, so a real mongod's TTL index agrees with it.
  let offset = 0;
  let pipeline: Pipeline;

  before(async () => {
    pipeline = await startPipeline('session-idle', {
      http: true,
      workers: false,
      clock: () => new Date(Date.now() + offset),
      config: { SESSION_IDLE_MINUTES: 30 },
    });
  });
  after(async () => pipeline?.stop());

  /** Whether /monitor shows the dashboard to this cookie (a browser without a session gets the login form). */
  const seesDashboard = async (chief: MonitorStaff): Promise<boolean> => {
    const page = await monitorFetch(pipeline.service.url!, '/monitor', { cookie: chief.cookie });
    expect(page.status).to.equal(200);
    return page.text.includes('id="counter-open"');
  };

  it('keeps a dashboard session open while it is used, and ends it after 30 minutes without a request', async () => {
    offset = 0;
    const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief.idle@session-idle.test');
    expect(await seesDashboard(chief)).to.equal(true);

    // Used every 25 minutes for an hour and a quarter: still open.
    for (let i = 1; i <= 3; i++) {
      offset = i * 25 * MINUTE;
      expect(await seesDashboard(chief), `after ${i * 25} minutes`).to.equal(true);
    }

    // 31 minutes without a request: the session has ended, the login form is shown instead.
    offset += 31 * MINUTE;
    expect(await seesDashboard(chief)).to.equal(false);

    // And it stays ended, even if used again at once.
    expect(await seesDashboard(chief)).to.equal(false);
  });

  it('ends a session left untouched since the login', async () => {
    offset = 0;
    const chief = await monitorStaff('chief', 'Trần Văn Bình', 'chief.untouched@session-idle.test');
    offset = 29 * MINUTE;
    const other = await monitorStaff(
      'chief',
      'Trần Văn Bình',
      'chief.other@session-idle.test',
      new Date(Date.now() + offset),
    );
    offset = 30 * MINUTE;
    expect(await seesDashboard(chief)).to.equal(false);
    expect(await seesDashboard(other), 'a session opened a minute ago').to.equal(true);
  });
});
