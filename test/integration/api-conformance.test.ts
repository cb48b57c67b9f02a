import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { createApp } from '../../services/app.js';
import { ApiConformanceError, forgetDifference } from '../support/api-conformance-hooks.js';
import { api, startIntakeService, type IntakeService } from '../support/intake-service.js';

interface RouterLayer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every `METHOD /path` the Express app routes, with mount paths joined and `:param` as `{param}`. */
function routesOf(stack: RouterLayer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = [layer.route.path].flat();
      return Object.keys(layer.route.methods).flatMap((method) =>
        paths.map((path) => `${method.toUpperCase()} ${prefix}${path}`.replace(/:(\w+)/g, '{$1}')),
      );
    }
    const nested = layer.handle?.stack;
    if (!nested) return [];
    const mounts = [layer.rawPath ?? ''].flat().map((path) => (path === '/' ? '' : path));
    return mounts.flatMap((mount) => routesOf(nested, `${prefix}${mount}`));
  });
}

describe('the API and its OpenAPI document', function () {
  this.timeout(30_000);
  let svc: IntakeService;

  before(async () => {
    svc = await startIntakeService('api-conformance');
  });
  after(async () => {
    await svc?.stop();
  });

  it('describes every operation the service routes under /api/v1, and nothing it does not route', async () => {
    const app = createApp(svc.service.ctx) as Express & { router: { stack: RouterLayer[] } };
    const routed = routesOf(app.router.stack)
      .filter((route) => route.split(' ')[1]!.startsWith('/api/v1/'))
      .map((route) => route.replace(' /api/v1', ' '));
    const doc = (await api(svc.url, 'GET', '/api/v1/openapi.json')).body;
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect([...new Set(routed)].sort()).to.deep.equal(documented.sort());
    expect(routed).to.include.members(['GET /stats', 'POST /tickets/{idOrCode}/closure', 'GET /access-log']);
  });

  describe('the check every test’s /api/v1 response goes through', () => {
    let fake: Server;
    let fakeUrl: string;
    before(async () => {
      // A service that gets the API wrong: a ticket without its code, and a status nobody documented.
      fake = createServer((req, res) => {
        const teapot = req.url?.includes('teapot');
        res.writeHead(teapot ? 418 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(teapot ? { error: { code: 'INTERNAL', message: 'x' } } : { id: 'x' }));
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise((resolve) => fake?.close(resolve));
    });

    async function refusal(path: string): Promise<ApiConformanceError> {
      const error = await fetch(`${fakeUrl}${path}`).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).to.be.instanceOf(ApiConformanceError);
      forgetDifference(error as ApiConformanceError);
      return error as ApiConformanceError;
    }

    it('fails the call with the path, the status and each difference', async () => {
      const error = await refusal('/api/v1/tickets/1022-2026-000001');
      expect(error.message).to.contain('GET /api/v1/tickets/1022-2026-000001 answered 200');
      expect(error.message).to.contain('code: Invalid input: expected string');
      expect(error.message).to.contain('status: Invalid option');
    });

    it('fails a status the document does not list for the operation', async () => {
      const error = await refusal('/api/v1/tickets/teapot');
      expect(error.message).to.contain('status 418 is not documented for /tickets/{idOrCode} GET');
    });

    it('leaves responses outside /api/v1 alone', async () => {
      const response = await fetch(`${fakeUrl}/answer/x`);
      expect(response.status).to.equal(200);
    });
  });
});
