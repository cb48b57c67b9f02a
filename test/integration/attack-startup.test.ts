import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChild, type RunningChild } from '../support/child-process.js';
import { deleteQueuePrefix, uniqueQueuePrefix } from '../support/redis.js';

/** This machine's first non-loopback IPv4 address: where a colleague on the office network would connect. */
function lanAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

/** `npm start` as a developer runs it: the process itself, embedded MongoDB stand-in and mail catcher. */
async function startDevelopment(label: string, env: Record<string, string | undefined> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), `hotline-${label}-`));
  const prefix = uniqueQueuePrefix(label);
  const port = await freePort();
  const child = startChild(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    QUEUE_PREFIX: prefix,
    MONGOMS_RUNTIME_DOWNLOAD: 'false',
    LOG_LEVEL: 'info',
    ...env,
  });
  const stop = async (): Promise<void> => {
    await child.stop();
    await deleteQueuePrefix(prefix);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await child.waitFor(/HTTP service listening/, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { child, port, dataDir, stop };
}

/** The status of a GET, or the connection error's code (ECONNREFUSED) when nothing answers. */
async function reach(url: string): Promise<number | string> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5_000) })).status;
  } catch (error) {
    return String((error as { cause?: { code?: string } }).cause?.code ?? error);
  }
}

describe('start-up (issue 14)', function () {
  this.timeout(120_000);

  it('3. refuses TRUST_PROXY=true, which would let every client choose its own address', async () => {
    const child: RunningChild = startChild(process.execPath, ['--import', 'tsx', 'services/main.ts'], {
      NODE_ENV: 'development',
      TRUST_PROXY: 'true',
    });
    expect(await child.exited).to.equal(1);
    expect(child.output()).to.match(/TRUST_PROXY: .*hop count.*X-Forwarded-For/);
  });

  describe('4. development is not open to the office network', () => {
    const lan = lanAddress();

    it('listens on loopback only by default, /dev/mail included', async function () {
      if (!lan) this.skip();
      const dev = await startDevelopment('attack-loopback');
      try {
        expect(await reach(`http://127.0.0.1:${dev.port}/dev/mail`)).to.equal(200);
        expect(await reach(`http://${lan}:${dev.port}/healthz`)).to.equal('ECONNREFUSED');
      } finally {
        await dev.stop();
      }
    });

    it('serves /dev/mail to loopback only, even when LISTEN_ADDRESS opens the port to the network', async function () {
      if (!lan) this.skip();
      const dev = await startDevelopment('attack-widened', { LISTEN_ADDRESS: '0.0.0.0' });
      try {
        expect(await reach(`http://${lan}:${dev.port}/healthz`)).to.equal(200);
        expect(await reach(`http://${lan}:${dev.port}/dev/mail`)).to.equal(404);
        expect(await reach(`http://127.0.0.1:${dev.port}/dev/mail`)).to.equal(200);
      } finally {
        await dev.stop();
      }
    });
  });
});
