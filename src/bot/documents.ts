import { askNext, type Ctx } from './interview.js';
import type { Reply } from './reply.js';
import type { ApplyFlow } from './turn.js';
import type { ConversationData, UserData } from './types.js';

/**
 * 「把表格发我」「文书链接」: when a link can be given. The documents follow from the checklist, so in the
 * middle of the interview the bot says when they come and asks on; in the middle of the form it gives the
 * templates and takes the form up again; otherwise the application flow makes the link (templates before
 * submission, filled after: src/bot/apply/documents-offer.ts).
 */
export async function documentsCommand(apply: ApplyFlow | undefined, ctx: Ctx, conv: ConversationData, user: UserData): Promise<Reply[]> {
  if (!conv.bundle) return [{ text: '请先告诉我您要办什么事。回答几个问题、清单出来后，就能把要签字的格式文本（委托书、承诺书等）发给您。' }];
  if (conv.mode === 'interview') {
    return [{ text: '要签哪些文书得看您的情况，清单出来后再说「文书链接」就能拿到。我们接着来：' }, ...askNext(ctx, conv, { again: true })];
  }
  if (!apply?.documents) return [{ text: '文书链接暂未开通，格式文本可以到窗口领取。' }];
  const offer = await apply.documents(conv, user);
  if (conv.mode === 'apply') return [...offer, { text: '申请还没提交，我们接着来：' }, ...apply.again(conv, user)];
  return offer;
}
