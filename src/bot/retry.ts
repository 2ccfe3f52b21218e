import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';

/**
 * The last message a conversation handled, written with the conversation's state in the same write. A
 * channel that retries an unanswered message (WeChat, with the same MsgId) may send it again after a
 * restart: the reply cache knew nothing of it if the process died between saving the turn and keeping
 * the reply. The turn is then not run twice; its replies are sent again.
 */
export interface LastTurn {
  id: string;
  /** absent when they were too long to keep with the state */
  replies?: Reply[];
}

/** a checklist is a few KB; beyond this the state would grow for a rare case, so only the id is kept */
const KEEP_CHARS = 16_000;

export function lastTurn(id: string, replies: Reply[]): LastTurn {
  return JSON.stringify(replies).length <= KEEP_CHARS ? { id, replies } : { id };
}

const TOLD_ALREADY = '这条消息刚才已经处理过了，回复可能没有送到。想再看清单，请说「查看清单」。';

/** The replies to send again when `id` is the message the conversation last handled; undefined otherwise. */
export function repliesAgain(conv: ConversationData, id: string | undefined): Reply[] | undefined {
  if (!id || conv.lastTurn?.id !== id) return undefined;
  return conv.lastTurn.replies ?? [{ text: TOLD_ALREADY }];
}
