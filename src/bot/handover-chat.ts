import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';
import { isOpen, type HandoverEntry, type HandoverStore } from './handovers.js';
import { atWork, workMsBetween, type WorkHours } from './work-hours.js';
import { asksForOperator, cancelsHandover } from '../nlu/replies.js';

export interface HandoverPolicy {
  store: HandoverStore;
  hours: WorkHours;
  /** working time a request may wait before the citizen is told nobody could take it */
  waitMs: number;
  now?: () => number;
}

const minutesOf = (ms: number) => Math.max(1, Math.round(ms / 60_000));

/**
 * The citizen's side of 转人工: what they are told when they ask, while they wait, when an operator
 * answers, and when nobody can. Statuses live in the HandoverStore; the conversation keeps only its
 * flag (conv.handover), so a turn that is not handed over costs nothing.
 */
export class HandoverChat {
  constructor(private readonly p: HandoverPolicy) {}

  private now(): number {
    return (this.p.now ?? Date.now)();
  }

  private ids(conv: ConversationData): { channel: string; conversationId: string } {
    return { channel: conv.reference?.channelId ?? 'unknown', conversationId: conv.reference?.conversation?.id ?? 'unknown' };
  }

  /** Position in the queue (1 = next), oldest first. */
  async position(h: HandoverEntry): Promise<number> {
    const waiting = (await this.p.store.list()).filter((x) => x.status === 'waiting').sort((a, b) => a.at.localeCompare(b.at));
    return Math.max(1, waiting.findIndex((x) => x.conversationId === h.conversationId) + 1);
  }

  /** Working time the request has waited. */
  waited(h: HandoverEntry): number {
    return workMsBetween(this.p.hours, Date.parse(h.at), this.now());
  }

  /** Has waited past the limit without anyone taking it. */
  overdue(h: HandoverEntry): boolean {
    return h.status === 'waiting' && this.waited(h) >= this.p.waitMs;
  }

  /** What the citizen hears right after 转人工. */
  async requested(conv: ConversationData): Promise<Reply[]> {
    const { channel, conversationId } = this.ids(conv);
    const h = await this.p.store.open(channel, conversationId);
    const kept = '您之前的回答都保留着，说「取消人工」可回到自助办理。';
    if (!atWork(this.p.hours, this.now())) {
      return [{ text: `已为您转人工。现在不是工作人员的上班时间（${this.p.hours.text}），上班后会在这里回复您；着急的话请拨打 12345 热线。${kept}` }];
    }
    const pos = h ? await this.position(h) : 1;
    return [
      {
        text: `已为您转人工，正在排队（您前面还有 ${pos - 1} 位）。工作人员接入后会在这里回复您，${minutesOf(this.p.waitMs)} 分钟内没人接会告诉您；着急的话也可以拨打 12345 热线。${kept}`,
      },
    ];
  }

  /** The message sent when nobody took the request in time. */
  missedText(): string {
    return `抱歉，工作人员现在都在忙，${minutesOf(this.p.waitMs)} 分钟内没能接入您的对话。请拨打 12345 热线，或稍后再说「转人工」。您的请求已留给工作人员，他们有空时可能还会在这里回复您。您之前的回答都保留着，也可以接着和我办理。`;
  }

  /**
   * A message in a conversation that asked for a person: null when it is not (or no longer) handed
   * over, so the bot answers as usual; otherwise what the bot says while the person has it.
   */
  async turn(text: string, conv: ConversationData): Promise<Reply[] | null> {
    if (!conv.handover || conv.handover.resolved) return null;
    const { channel, conversationId } = this.ids(conv);
    const h = await this.p.store.open(channel, conversationId);
    if (!h || !isOpen(h)) {
      conv.handover.resolved = true;
      return null;
    }
    if (cancelsHandover(text)) {
      await this.p.store.update(conversationId, (x) => void Object.assign(x, { status: 'resolved', resolvedAt: new Date(this.now()).toISOString() }));
      conv.handover.resolved = true;
      return [{ text: '好的，已取消人工服务。我们接着办，您之前的回答都保留着。' }];
    }
    if (h.status === 'missed' || this.overdue(h)) {
      // the citizen was (or is now) sent to 12345; the bot takes the conversation back
      conv.handover.resolved = true;
      if (h.status === 'waiting')
        await this.p.store.update(conversationId, (x) => void Object.assign(x, { status: 'missed', missedAt: new Date(this.now()).toISOString() }));
      return h.missedAt ? null : [{ text: this.missedText() }];
    }
    if (h.status === 'taken') {
      return asksForOperator(text) ? [{ text: '工作人员已经接入，正在处理您的问题，回复会出现在这里，请稍等。' }] : [{ text: '已转给工作人员，请稍等回复。' }];
    }
    const pos = await this.position(h);
    const waited = minutesOf(this.waited(h));
    if (!atWork(this.p.hours, this.now())) {
      return [
        { text: `已记下，转给工作人员。现在不是上班时间（${this.p.hours.text}），上班后会在这里回复您；着急请拨打 12345。说「取消人工」可回到自助办理。` },
      ];
    }
    if (asksForOperator(text)) {
      return [
        {
          text: `还在排队：您前面还有 ${pos - 1} 位，已等了约 ${waited} 分钟。${minutesOf(this.p.waitMs)} 分钟内没人接会告诉您；着急请拨打 12345，说「取消人工」可回到自助办理。`,
        },
      ];
    }
    return [{ text: `已记下，工作人员接入后会看到这条消息（您前面还有 ${pos - 1} 位）。说「取消人工」可回到自助办理。` }];
  }
}
