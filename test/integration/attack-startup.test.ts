import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
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
  const child = startChild(process.execPath, ['--import', 'tsx', 'main/main.ts'], {
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
    const child: RunningChild = startChild(process.execPath, ['--import', 'tsx', 'main/main.ts'], {
      NODE_ENV: 'development',
      TRUST_PROXY: 'true',
    });
    expect(await child.exited).to.equal(1);
    expect(child.output()).to.match(/TRUST_PROXY: .*hop count.*X-Forwarded-For/);
  });

  describe('npm start on a developer machine, output not a terminal', () => {
    const lan = lanAddress();
    let dev: Awaited<ReturnType<typeof startDevelopment>>;

    before(async () => {
      dev = await startDevelopment('attack-dev');
    });

    after(async () => {
      await dev?.stop();
    });

    it('4. listens on loopback only by default, /dev/mail included', async function () {
      if (!lan) this.skip();
      expect(await reach(`http://127.0.0.1:${dev.port}/dev/mail`)).to.equal(200);
      expect(await reach(`http://${lan}:${dev.port}/healthz`)).to.equal('ECONNREFUSED');
    });

    it('11. never writes the bootstrap admin token to the log: it is in a 0600 file the log points to', async () => {
      const output = dev.child.output();
      const file = join(dev.dataDir, 'bootstrap-admin-token');
      expect(output).to.contain(`its API token is in ${file}`);
      expect((await stat(file)).mode & 0o777).to.equal(0o600);
      const token = (await readFile(file, 'utf8')).trim();
      expect(token).to.match(/^[A-Za-z0-9_-]{20,}/);
      expect(output).not.to.contain(token);
      const response = await fetch(`http://127.0.0.1:${dev.port}/api/v1/tickets`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      expect(response.status).to.equal(200);
    });
  });

  it('4. serves /dev/mail to loopback only, even when LISTEN_ADDRESS opens the port to the network', async function () {
    const lan = lanAddress();
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
