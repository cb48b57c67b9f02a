import { Router } from 'express';
import { metrics } from '../../shared/metrics/metrics.js';
import { refreshScrapeGauges } from '../../shared/metrics/refresh-scrape-gauges.js';
import type { AppContext } from '../app-context.js';
import { allowScrape } from './metrics-access.js';

/** `/metrics` in the Prometheus text format, for a scraper holding METRICS_TOKEN or on loopback. */
export function metricsRouter(ctx: Pick<AppContext, 'config' | 'queues' | 'clock'>): Router {
  const router = Router();
  router.get('/metrics', allowScrape(ctx.config.METRICS_TOKEN), async (_req, res) => {
    await refreshScrapeGauges(ctx);
    res
      .set({ 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' })
      .send(await metrics.registry.metrics());
  });
  return router;
}
