import type { Request, Response, Server } from 'restify';
import type { DocumentLinks } from '../../bot/apply/document-links.js';
import { fillDocuments, MERGED_FORM_DOCUMENT } from '../../engine/index.js';
import type { Knowledge } from '../../knowledge/load.js';
import { documentDocx } from './docx.js';
import { documentsHtml } from './html.js';

/** pages holding personal data: never cached, never indexed, never sent on as a referrer */
function privateHeaders(res: Response): void {
  res.header('Cache-Control', 'no-store');
  res.header('X-Robots-Tag', 'noindex');
  res.header('Referrer-Policy', 'no-referrer');
}

const TEMPLATES_INTRO = '以下是您清单上要签字的格式文本，按您的回答能填的已填上，其余空着，请打印后手写并签字。';

function gone(res: Response): void {
  privateHeaders(res);
  res.status(404);
  res.json({ error: '链接无效或已过期（文书链接30分钟内有效）。需要时请在对话里转人工，或到窗口领取格式文本。' });
}

/**
 * GET /documents/:token — the case's filled documents as a printable page; GET /documents/:token/:id.docx —
 * one of them as a Word file. The token is the only key (src/bot/apply/document-links.ts).
 */
export function registerDocuments(server: Server, d: { k: Knowledge; links: DocumentLinks; today: () => string }): void {
  const load = async (req: Request) => {
    const e = await d.links.open(String(req.params.token ?? ''));
    if (!e) return null;
    const docs = fillDocuments(d.k, e.bundle, e.answers, e.values, { today: d.today() });
    // before submission the link holds the format texts only: the merged form is filled in the chat
    return { e, docs: e.kind === 'templates' ? docs.filter((x) => x.id !== MERGED_FORM_DOCUMENT) : docs };
  };
  server.get('/documents/:token', async (req: Request, res: Response) => {
    const got = await load(req);
    if (!got) return gone(res);
    const name = d.k.bundles.get(got.e.bundle)?.name ?? '';
    const minutes = Math.max(1, Math.round((got.e.expiresAt - Date.now()) / 60_000));
    const templates = got.e.kind === 'templates';
    const html = documentsHtml(
      `${name} ${templates ? '要签字的格式文本' : '填好的文书'}`,
      got.docs,
      (id) => `${encodeURIComponent(String(req.params.token))}/${id}.docx`,
      minutes,
      templates ? TEMPLATES_INTRO : undefined,
    );
    privateHeaders(res);
    res.header('Content-Type', 'text/html; charset=utf-8');
    res.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
    res.sendRaw(200, html);
  });
  server.get('/documents/:token/:file', async (req: Request, res: Response) => {
    const m = /^([a-z][a-z0-9-]*)\.docx$/.exec(String(req.params.file ?? ''));
    const got = m ? await load(req) : null;
    const doc = got?.docs.find((x) => x.id === m![1]);
    if (!doc) return gone(res);
    const body = await documentDocx(doc);
    privateHeaders(res);
    res.header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.header('Content-Disposition', `attachment; filename="document.docx"; filename*=UTF-8''${encodeURIComponent(`${doc.title}.docx`)}`);
    res.sendRaw(200, body);
  });
}
