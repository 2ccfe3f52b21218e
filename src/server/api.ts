import type { Server } from 'restify';
import type { Knowledge } from '../knowledge/load.js';
import { BUNDLE_IDS } from '../knowledge/schema/index.js';
import { buildChecklist, buildForm, nextQuestion, isoToday } from '../engine/index.js';
import type { Understanding } from '../bot/types.js';
import { fail, readJson } from './http.js';
import { badAnswers } from './guard/answers.js';
import { ChecklistRequest, ParseRequest } from './openapi/bot-api.js';
import { botServerOpenApi } from './openapi/document.js';

/** JSON APIs over the engine and the understanding: the same answers every channel gets. */
export function registerApi(server: Server, deps: { k: Knowledge; nlu: Understanding; started: number }): void {
  const { k, nlu } = deps;

  // restify 11 wants handlers either async or taking `next`: these are async
  server.get('/healthz', async (_req, res) => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    res.json({
      status: 'ok',
      bundles: k.bundles.size,
      uptimeSeconds: Math.round((Date.now() - deps.started) / 1000),
      memoryMB: { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) },
    });
  });

  const openapi = botServerOpenApi();
  server.get('/api/openapi.json', async (_req, res) => {
    res.json(openapi);
  });

  server.get('/api/bundles', async (_req, res) => {
    res.json({
      bundles: BUNDLE_IDS.filter((id) => k.bundles.has(id)).map((id) => {
        const b = k.bundles.get(id)!;
        const name = (d: string) => k.departments.get(d)?.name ?? d;
        return {
          id,
          name: b.name,
          fullName: b.fullName ?? b.name,
          audience: b.audience,
          summary: b.summary,
          aliases: b.aliases,
          lead: b.lead.map(name),
          cooperating: b.cooperating.map(name),
          questions: k.dialogs.get(id)?.questions.length ?? 0,
        };
      }),
    });
  });

  server.post('/api/nlu/parse', async (req, res) => {
    const b = await readJson(req, res, ParseRequest);
    if (!b) return;
    const r = nlu.parse(b.text);
    res.json({ text: r.text, intent: r.intent, bundle: r.bundle, entities: r.entities, candidates: r.candidates, answers: r.answers });
  });

  server.post('/api/checklist', async (req, res) => {
    const b = await readJson(req, res, ChecklistRequest);
    if (!b) return;
    if (!k.compiled.has(b.bundle as never)) {
      fail(res, 404, `没有名为「${b.bundle}」的一件事，可用：${BUNDLE_IDS.join(', ')}`);
      return;
    }
    const bad = badAnswers(k.dialogs.get(b.bundle as never)?.questions ?? [], b.answers);
    if (bad.length > 0) {
      fail(res, 400, `回答有误：${bad.join('；')}。`, { bad });
      return;
    }
    const checklist = buildChecklist(k, b.bundle, b.answers, { today: b.today ?? isoToday() });
    const next = nextQuestion(k, b.bundle, b.answers);
    res.json({
      checklist,
      nextQuestion: next ? { id: next.id, type: next.type, text: next.text, why: next.why, options: next.options } : null,
      form: buildForm(k, b.bundle, b.answers),
    });
  });
}
