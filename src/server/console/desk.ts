import type { ConversationReference, Storage, TurnContext } from 'botbuilder';
import type { AssistantBot } from '../../bot/bot.js';
import type { HandoverChat } from '../../bot/handover-chat.js';
import { isOpen, type HandoverEntry, type HandoverStore } from '../../bot/handovers.js';
import { OfflineAdapter } from '../../bot/offline-adapter.js';
import type { Reply } from '../../bot/reply.js';
import type { ConversationData } from '../../bot/types.js';
import type { Logger } from '../../util/log.js';
import { conversationKey } from '../../bot/state/keys.js';

export type ContinueFn = (reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => Promise<void>;

export interface DeskDeps {
  store: HandoverStore;
  chat: HandoverChat;
  bot: AssistantBot;
  storage: Storage;
  /** how each channel speaks unasked (the path status notices take); undefined: kept for the next message */
  continueFor?: (channelId: string) => ContinueFn | undefined;
  log: Logger;
  now?: () => number;
}

export class DeskError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What became of a message to the citizen: sent now, or kept for their next message. */
export type Delivery = 'sent' | 'kept';

/** Operators start replies with this, so the citizen knows a person is speaking, not the bot. */
export const OPERATOR_PREFIX = '【人工客服】';

/**
 * The operator's side of 转人工: take a waiting conversation, reply into it on the channel it came
 * from, hand it back to the bot; and tell citizens nobody took them in time. Every message goes out
 * as a proactive turn of the bot (the status notices' path), so it runs under the conversation's turn
 * lock and a channel that cannot be reached keeps it for the citizen's next message.
 */
export class HandoverDesk {
  private readonly offline = new OfflineAdapter();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly d: DeskDeps) {}

  private iso(): string {
    return new Date((this.d.now ?? Date.now)()).toISOString();
  }

  private async openEntry(id: string): Promise<HandoverEntry> {
    const h = (await this.d.store.list()).find((x) => x.conversationId === id && isOpen(x));
    if (!h) throw new DeskError(404, '没有这条待处理的转人工请求（可能已处理或已交还）。');
    return h;
  }

  async conversation(h: Pick<HandoverEntry, 'channel' | 'conversationId'>): Promise<ConversationData | undefined> {
    const key = conversationKey(h.channel, h.conversationId);
    return ((await this.d.storage.read([key]))[key] as { conversation?: ConversationData } | undefined)?.conversation;
  }

  /** Runs a message to the citizen as a proactive turn; says whether the channel took it. */
  private async speak(h: HandoverEntry, fn: (conv: ConversationData) => Reply[]): Promise<Delivery> {
    const conv = await this.conversation(h);
    const reference = conv?.reference;
    if (!reference) throw new DeskError(409, '找不到这段对话的通道信息，无法回复（对话可能已过期）。');
    const cont = this.d.continueFor?.(h.channel) ?? ((ref, logic) => this.offline.continueConversation(ref, logic));
    let said: Reply[] = [];
    await this.d.bot.proactive(cont, reference, (c) => (said = fn(c)));
    const after = await this.conversation(h);
    const kept = said.some((r) => after?.unseen?.some((u) => u.text === r.text));
    return kept ? 'kept' : 'sent';
  }

  async take(id: string, by: string): Promise<{ entry: HandoverEntry; delivery: Delivery }> {
    const h = await this.openEntry(id);
    if (h.status === 'taken' && h.takenBy !== by) throw new DeskError(409, `这条请求已由 ${h.takenBy} 接手。`);
    // decided again on the stored entry: another operator (on another instance) may have taken it since the read above
    let holder: string | undefined;
    const entry = await this.d.store.update(id, (x) => {
      if (x.status === 'taken' && x.takenBy !== by) {
        holder = x.takenBy;
        return false;
      }
      Object.assign(x, { status: 'taken', takenBy: by, takenAt: this.iso() });
    });
    if (!entry) throw new DeskError(409, holder ? `这条请求已由 ${holder} 接手。` : '没有这条待处理的转人工请求（可能已处理或已交还）。');
    const delivery = await this.speak(entry, (conv) => {
      conv.handover = { at: conv.handover?.at ?? entry.at, reason: conv.handover?.reason ?? entry.reason };
      return [{ text: `${OPERATOR_PREFIX}您好，我是 12345 热线的工作人员，已看到您的对话，请直接说您的问题。` }];
    });
    this.d.log.info({ by, conversation: id }, 'handover taken');
    return { entry, delivery };
  }

  async reply(id: string, text: string, by: string): Promise<Delivery> {
    const h = await this.openEntry(id);
    if (h.status !== 'taken') throw new DeskError(409, '请先接手这条请求，再回复。');
    if (h.takenBy !== by) throw new DeskError(409, `这条请求由 ${h.takenBy} 接手，不能代为回复。`);
    const delivery = await this.speak(h, () => [{ text: `${OPERATOR_PREFIX}${text}` }]);
    this.d.log.info({ by, conversation: id, delivery }, 'handover reply');
    return delivery;
  }

  async handBack(id: string, by: string): Promise<Delivery> {
    const h = await this.openEntry(id);
    if (h.status === 'taken' && h.takenBy !== by) throw new DeskError(409, `这条请求由 ${h.takenBy} 接手。`);
    const handed = await this.d.store.update(id, (x) =>
      x.status === 'taken' && x.takenBy !== by ? false : void Object.assign(x, { status: 'resolved', resolvedAt: this.iso() }),
    );
    if (!handed) throw new DeskError(409, '这条请求已由其他工作人员接手或处理。');
    const delivery = await this.speak(h, (conv) => {
      if (conv.handover) conv.handover.resolved = true;
      return [{ text: '人工服务已结束，接下来由导办助手继续为您服务，您之前的回答都保留着。还有问题可以直接问我，或再说「转人工」。' }];
    });
    this.d.log.info({ by, conversation: id }, 'handover handed back');
    return delivery;
  }

  /** Tells every citizen who waited past the limit; each is told once. */
  async sweep(): Promise<number> {
    const overdue = (await this.d.store.list()).filter((h) => this.d.chat.overdue(h));
    for (const h of overdue) {
      const marked = await this.d.store.update(h.conversationId, (x) =>
        x.status === 'waiting' ? void Object.assign(x, { status: 'missed', missedAt: this.iso() }) : false,
      );
      if (!marked) continue;
      await this.speak(marked, (conv) => {
        if (conv.handover) conv.handover.resolved = true;
        return [{ text: this.d.chat.missedText() }];
      }).catch((e) => this.d.log.warn({ err: e, conversation: h.conversationId }, 'could not tell the citizen the handover was missed'));
    }
    return overdue.length;
  }

  start(everyMs = 15_000): void {
    this.timer = setInterval(() => void this.sweep().catch((e) => this.d.log.warn({ err: e }, 'handover sweep failed')), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
