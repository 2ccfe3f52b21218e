import type { Request, Response, Server } from 'restify';
import type { Knowledge } from '../../knowledge/load.js';
import { BUNDLE_IDS } from '../../knowledge/schema/index.js';
import { reductionReport } from '../../engine/index.js';
import { securityHeaders, signedIn } from '../console/auth.js';
import type { Metrics } from './index.js';
import { computeResults } from './results.js';
import { RESULTS_CSS, renderResultsHtml } from './results-html.js';

/**
 * /console/results: the district managers' page (conversations per day, share that reached a checklist,
 * 在线解答率, 转人工 rate, 好差评, 减材料/减跑动 per bundle), behind the console's sign-in.
 */
export function registerResults(server: Server, d: { metrics: Metrics; k: Knowledge; now?: () => Date }): void {
  const reductions = BUNDLE_IDS.filter((id) => d.k.compiled.has(id)).map((id) => reductionReport(d.k, id));
  server.get(
    '/console/results',
    signedIn(async (req: Request, res: Response) => {
      const days = Math.min(366, Math.max(1, Number(new URL(req.url ?? '/', 'http://x').searchParams.get('days')) || 30));
      d.metrics.daily.flush();
      const html = renderResultsHtml(computeResults(d.metrics.daily.series(days), reductions), {
        stylesheet: '/console/assets/results.css',
        generatedAt: (d.now?.() ?? new Date()).toISOString().slice(0, 16).replace('T', ' '),
      });
      securityHeaders(res);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    }),
  );
  server.get('/console/assets/results.css', async (_req: Request, res: Response) => {
    securityHeaders(res);
    res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
    res.end(RESULTS_CSS);
  });
}
