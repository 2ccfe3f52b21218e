import type { Request, Response, Server } from 'restify';
import type { Metrics } from './index.js';

/**
 * GET /metrics in the Prometheus text format. The counts name no person, but they tell an outsider how
 * busy the service is: with METRICS_TOKEN set, a scraper must send it as a bearer token.
 */
export function registerMetrics(server: Server, metrics: Metrics, token?: string): void {
  server.get('/metrics', async (req: Request, res: Response) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.status(401);
      res.json({ error: 'unauthorized', message: '需要 METRICS_TOKEN 才能读取运行指标' });
      return;
    }
    const body = await metrics.registry.metrics();
    res.setHeader('content-type', metrics.registry.contentType);
    res.sendRaw(200, body);
  });
}
