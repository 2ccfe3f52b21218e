import type { Knowledge } from '../../knowledge/load.js';
import { documentTemplatesFor } from '../../engine/index.js';
import type { Logger } from '../../util/log.js';
import type { Reply } from '../reply.js';
import type { ConversationData, UserData } from '../types.js';
import { DOCUMENT_LINK_MINUTES, type DocumentEntry } from './document-links.js';
import { currentForm } from './form-state.js';

export type MakeDocumentLink = (e: Omit<DocumentEntry, 'expiresAt'>) => Promise<string>;

interface OfferDeps {
  k: Knowledge;
  today: () => string;
  documentLink?: MakeDocumentLink;
  log: Logger;
}

/** this case's application went out (or waits in the outbox): its documents are the filled ones */
export function submittedHere(conv: ConversationData): boolean {
  return conv.apply !== undefined && (conv.apply.step === 'submitted' || conv.apply.caseNo !== undefined);
}

/**
 * A fresh 30-minute link to this case's documents. After submission: the merged form and the templates,
 * filled from the submitted form. Before: only the templates on the list (委托书, 承诺书, 声明), with what the
 * answers already say and blanks for the rest — no personal data goes behind a link the citizen has not
 * yet confirmed by submitting. Each request makes a new link, so an expired one is replaced, never revived.
 */
export async function offerDocuments(d: OfferDeps, conv: ConversationData, user: UserData): Promise<Reply[]> {
  const bundle = conv.bundle!;
  const filled = submittedHere(conv);
  const titles = documentTemplatesFor(d.k, bundle, conv.answers, { today: d.today() }).map((t) => t.title);
  if (!filled && titles.length === 0) {
    return [
      {
        text: '按您的情况，清单上没有要签字的格式文本（委托书、承诺书、声明等）。合并申请表在「现在申请」时在线填写，提交后可以再说「文书链接」要填好的表。',
        actions: ['现在申请', '查看清单'],
      },
    ];
  }
  if (!d.documentLink) return [{ text: '暂时不能生成文书链接，格式文本可以到窗口领取。' }];
  const values = filled
    ? Object.fromEntries(
        currentForm(d.k, conv, user)
          .fields.filter((f) => f.value !== undefined)
          .map((f) => [f.id, f.value!]),
      )
    : {};
  try {
    const url = await d.documentLink({ bundle, answers: conv.answers, values, kind: filled ? 'filled' : 'templates' });
    return [{ text: filled ? filledText(['合并申请表', ...titles], url) : templatesText(titles, url) }];
  } catch (e) {
    d.log.warn({ err: e }, 'could not make the documents link');
    return [{ text: '文书链接暂时生成不了，请稍后再说「文书链接」，或到窗口领取格式文本。' }];
  }
}

export function filledText(names: string[], url: string): string {
  return `要签字的文书已按您的表单填好：${names.join('、')}。\n打开 ${url} 可打印，或下载 Word 版；空着的地方请手写。链接${DOCUMENT_LINK_MINUTES}分钟内有效，里面有身份证号，请勿转发。`;
}

function templatesText(names: string[], url: string): string {
  return `您清单上要签字的格式文本：${names.join('、')}。\n打开 ${url} 可打印，或下载 Word 版；按您的回答能填的已填上，其余空着请手写。链接${DOCUMENT_LINK_MINUTES}分钟内有效。说「现在申请」在线填表提交后，可以再要一份按表单填好的。`;
}
