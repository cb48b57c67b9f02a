import { expect } from 'chai';
import { startChild } from '../support/child-process.js';

/** Start-up refusals from issue 14: the process itself, as `npm start` runs it, with one bad setting. */
function startWith(env: Record<string, string | undefined>) {
  return startChild(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    ...env,
  });
}

describe('start-up refusals (issue 14)', function () {
  this.timeout(60_000);

  it('3. refuses TRUST_PROXY=true, which would let every client choose its own address', async () => {
    const child = startWith({ TRUST_PROXY: 'true' });
    const code = await child.exited;
    expect(code).to.equal(1);
    expect(child.output()).to.match(/TRUST_PROXY: .*hop count.*X-Forwarded-For/);
  });
});
