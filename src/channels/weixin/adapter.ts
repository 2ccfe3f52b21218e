import type { Activity, ConversationReference, ResourceResponse, Storage } from 'botbuilder';
import { ActivityTypes, BotAdapter, TurnContext } from 'botbuilder';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../util/log.js';
import { maskOpenId } from '../../util/mask.js';
import { turnErrorMessage } from '../../util/turn-error.js';
import { dedupeKey, toInbound, type Inbound } from './inbound.js';
import { byteLength, fullText, MAX_TEXT_BYTES, mergeActivities, MORE_HINT, splitBytes, type Choice, type Merged } from './render.js';
import type { XmlFields } from './xml.js';
import { StorageReplyCache, type Reply, type ReplyCache } from './shared.js';

export type Logic = (context: TurnContext) => Promise<void>;
/** Sends one text message to a user outside a passive reply (客服消息 / 应用消息). */
export type Sender = (user: string, text: string) => Promise<void>;

export interface WeixinAdapterOptions {
  channelId: 'wechat' | 'wecom';
  storage: Storage;
  logger: Logger;
  /** answer `success` and deliver later when a turn takes longer than this */
  deadlineMs: number;
  /** render choices as weixin://bizmsgmenu links (公众号) or plain numbered lines (企业微信) */
  tappable: boolean;
  /** null when the account has no API credentials: long or late replies then wait for 「继续」 */
  sender: Sender | null;
  bundleName: (id: string) => string | undefined;
  /** finished replies and who is answering: Redis across instances; the Storage and this process by default */
  replies?: ReplyCache;
}

/** WeChat retries a message three times within about 15 s: a finished reply is kept well past that */
const REPLY_KEEP_MS = 10 * 60_000;
/** how often a retry that reached another instance than the answering one looks for the reply */
const POLL_MS = 100;

/** What a request answers: the reply text (null = `success`), and what to send once that is out. */
export interface Handled {
  content: string | null;
  afterReply?: () => Promise<void>;
}

interface Answer {
  content: string | null;
  after?: () => Promise<void>;
  /** a turn past the deadline: done when its answer has gone out (or been kept for 「继续」) */
  late?: Promise<void>;
}

interface UserRecord {
  choices?: Choice[];
  pending?: string[];
  eTag?: string;
}

const COLLECT = Symbol('weixin.collected');
/** set on a turn the bot starts itself: its messages go out through the API as they are sent */
const PUSH_TO = Symbol('weixin.pushTo');
export const STILL_WORKING = '正在为您查询，请稍等片刻后回复「继续」查看结果。';
/** a turn that never ends must not block its user for good */
const LATE_HOLD_MS = 60_000;
const CONTINUE_RE = /^(继续|下一部分|下一页)$/;

/**
 * botbuilder adapter for WeChat-style callbacks. One request is one turn whose sent activities become one
 * passive reply; slow turns, long texts and WeChat's retries are handled here so the bot never sees them.
 */
export class WeixinAdapter extends BotAdapter {
  private readonly inflight = new Map<string, Promise<Answer>>();
  private readonly userQueues = new Map<string, Promise<unknown>>();
  private readonly replies: ReplyCache;

  constructor(protected readonly o: WeixinAdapterOptions) {
    super();
    this.replies = o.replies ?? new StorageReplyCache(o.storage);
    this.onTurnError = async (context, error) => {
      o.logger.error({ err: error, openid: context.activity.from?.id }, 'unhandled turn error');
      // honest about saving: a failed write means this message was not kept (turn-error.ts)
      await context.sendActivity(turnErrorMessage(error));
    };
  }

  get canSendUnasked(): boolean {
    return this.o.sender !== null;
  }

  /**
   * Answers one verified, decrypted message. A retry of a message in progress waits for the same answer;
   * a retry of a finished one gets the stored answer; the turn runs once.
   */
  handle(msg: XmlFields, logic: Logic): Promise<Handled> {
    const key = `${this.o.channelId}/replies/${dedupeKey(msg)}`;
    const running = this.inflight.get(key);
    if (running) return running.then((r) => ({ content: r.content }));
    const job = this.answerOnce(key, msg, logic).finally(() => this.inflight.delete(key));
    this.inflight.set(key, job);
    return job.then((r) => ({ content: r.content, afterReply: r.after }));
  }

  private async answerOnce(key: string, msg: XmlFields, logic: Logic): Promise<Answer> {
    const stored = await this.replies.get(key);
    if (stored) return { content: stored.content };
    // another instance is answering this message (WeChat's retry came here): its reply, when it is ready
    if (!(await this.replies.claim(key, LATE_HOLD_MS))) return { content: (await this.awaitReply(key))?.content ?? null };
    const user = msg.FromUserName ?? '';
    const started = Date.now();
    let result: Answer;
    try {
      result = await this.serial(
        user,
        () => this.answer(msg, logic, started),
        (r) => (r.late ? atMost(r.late, LATE_HOLD_MS) : Promise.resolve()),
      );
    } catch (e) {
      await this.replies.release(key).catch(() => undefined);
      throw e;
    }
    await this.replies.put(key, { content: result.content }, REPLY_KEEP_MS);
    return result;
  }

  /** Waits within the reply deadline for the answering instance's reply; `success` (null) past it. */
  private async awaitReply(key: string): Promise<Reply | undefined> {
    const until = Date.now() + this.o.deadlineMs;
    for (;;) {
      const r = await this.replies.get(key);
      if (r || Date.now() >= until) return r;
      await new Promise((ok) => setTimeout(ok, POLL_MS));
    }
  }

  /**
   * One user's messages run one after another, so their state is never written by two turns at once; a turn
   * that went past the deadline holds the queue until its late answer is out (「继续」 then finds it).
   */
  private serial<T>(user: string, fn: () => Promise<T>, settled: (r: T) => Promise<unknown> = async () => undefined): Promise<T> {
    const prev = this.userQueues.get(user) ?? Promise.resolve();
    const run = prev.then(fn);
    const tail = run.then(settled).catch(() => undefined);
    this.userQueues.set(user, tail);
    void tail.then(() => {
      if (this.userQueues.get(user) === tail) this.userQueues.delete(user);
    });
    return run;
  }

  private async answer(msg: XmlFields, logic: Logic, started: number): Promise<Answer> {
    const user = msg.FromUserName ?? '';
    const inbound = toInbound(msg, this.o.bundleName);
    if (inbound.kind === 'none') return { content: null };
    if (inbound.kind === 'reply') return { content: inbound.text };
    const rec = await this.readUser(user);
    if (inbound.kind === 'text' && CONTINUE_RE.test(inbound.text.trim()) && rec.pending?.length) {
      const part = rec.pending.shift()!;
      await this.writeUser(user, rec);
      return { content: rec.pending.length > 0 ? part + MORE_HINT : part };
    }
    const activity = this.toActivity(msg, inbound, rec.choices ?? []);
    const turn = this.runTurn(activity, logic);
    const left = Math.max(0, this.o.deadlineMs - (Date.now() - started));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((ok) => (timer = setTimeout(() => ok(null), left)));
    const done = await Promise.race([turn, deadline]).finally(() => clearTimeout(timer));
    if (done) return this.passive(user, mergeActivities(done));
    this.o.logger.info({ openid: maskOpenId(user), ms: Date.now() - started }, 'turn past the reply deadline; answering later');
    const late = turn
      .then((acts) => this.pushAll(user, mergeActivities(acts)))
      .catch((e: unknown) => this.o.logger.warn({ err: e, openid: user }, 'late reply not delivered'));
    // without an API the answer can only go out as the reply to a later message
    return { content: this.o.sender ? null : STILL_WORKING, late };
  }

  private toActivity(msg: XmlFields, inbound: Extract<Inbound, { kind: 'text' | 'greet' }>, choices: Choice[]): Partial<Activity> {
    const user = msg.FromUserName ?? '';
    const base: Partial<Activity> = {
      id: msg.MsgId ?? randomUUID(),
      channelId: this.o.channelId,
      serviceUrl: `${this.o.channelId}://callback`,
      timestamp: new Date(Number(msg.CreateTime ?? 0) * 1000 || Date.now()),
      locale: 'zh-CN',
      from: { id: user, name: '' },
      recipient: { id: msg.ToUserName ?? 'assistant', name: '导办助手' },
      conversation: { id: user, isGroup: false, conversationType: 'personal', name: '' },
      channelData: { MsgType: msg.MsgType, Event: msg.Event, EventKey: msg.EventKey, AgentID: msg.AgentID },
    };
    if (inbound.kind === 'greet') return { ...base, type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: user, name: '' }] };
    return { ...base, type: ActivityTypes.Message, text: pickChoice(inbound.text.trim(), choices) };
  }

  private async runTurn(activity: Partial<Activity>, logic: Logic, pushTo?: string): Promise<Partial<Activity>[]> {
    const context = new TurnContext(this, activity);
    const sent: Partial<Activity>[] = [];
    context.turnState.set(COLLECT, sent);
    if (pushTo) context.turnState.set(PUSH_TO, pushTo);
    await this.runMiddleware(context, logic);
    return sent;
  }

  /** The first part goes in the HTTP reply; the rest through the API, or kept for 「继续」. */
  private async passive(user: string, m: Merged): Promise<Answer> {
    const text = await this.remember(user, m);
    if (!text) return { content: null };
    if (byteLength(text) <= MAX_TEXT_BYTES) return { content: text };
    const sender = this.o.sender;
    if (sender) {
      const [first, ...rest] = splitBytes(text, MAX_TEXT_BYTES);
      return { content: first!, after: () => this.sendParts(sender, user, rest) };
    }
    const [first, ...rest] = splitBytes(text, MAX_TEXT_BYTES - byteLength(MORE_HINT));
    await this.keepPending(user, rest);
    return { content: first! + MORE_HINT };
  }

  /** A late or unasked message: all of it through the API (kept for 「继续」 when there is no API). */
  private async pushAll(user: string, m: Merged): Promise<void> {
    const text = await this.remember(user, m);
    if (!text) return;
    if (this.o.sender) return this.sendParts(this.o.sender, user, splitBytes(text, MAX_TEXT_BYTES));
    await this.keepPending(user, splitBytes(text, MAX_TEXT_BYTES - byteLength(MORE_HINT)));
    this.o.logger.info({ openid: maskOpenId(user) }, 'no API credentials: the late reply waits for 「继续」');
  }

  private async sendParts(sender: Sender, user: string, parts: string[]): Promise<void> {
    for (const p of parts) await sender(user, p);
  }

  /** Keeps the choices just offered (a typed number maps back to them) and drops unread parts. */
  private async remember(user: string, m: Merged): Promise<string> {
    await this.writeUser(user, { choices: m.choices.length > 0 ? m.choices : undefined, pending: undefined });
    return fullText(m, this.o.tappable);
  }

  private async keepPending(user: string, parts: string[]): Promise<void> {
    const rec = await this.readUser(user);
    await this.writeUser(user, { ...rec, pending: parts });
  }

  private userKey(user: string): string {
    return `${this.o.channelId}/channel-users/${user}`;
  }

  private async readUser(user: string): Promise<UserRecord> {
    const k = this.userKey(user);
    return ((await this.o.storage.read([k]))[k] as UserRecord | undefined) ?? {};
  }

  private async writeUser(user: string, rec: UserRecord): Promise<void> {
    await this.o.storage.write({ [this.userKey(user)]: { choices: rec.choices, pending: rec.pending, eTag: '*' } });
  }

  /** Sends text to a user unasked (status notices). Needs API credentials. */
  async sendProactive(user: string, text: string): Promise<void> {
    await this.pushAll(user, { text, choices: [] });
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const messages = activities.filter((a) => a.type === ActivityTypes.Message || a.type === undefined);
    const pushTo = context.turnState.get(PUSH_TO) as string | undefined;
    // unasked: sent now, so a refusal (客服消息 outside the 48-hour window) reaches the bot, which keeps the notice
    if (pushTo) await this.pushAll(pushTo, mergeActivities(messages));
    else (context.turnState.get(COLLECT) as Partial<Activity>[] | undefined)?.push(...messages);
    return activities.map(() => ({ id: randomUUID() }));
  }

  async updateActivity(): Promise<ResourceResponse | undefined> {
    throw new Error('微信不支持修改已发送的消息');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('微信不支持撤回消息');
  }

  /** Speaks first in a conversation: the turn's messages go out through the API as one text. */
  async continueConversation(reference: Partial<ConversationReference>, logic: Logic): Promise<void> {
    if (!this.o.sender) throw new Error(`${this.o.channelId} 未配置接口凭据，无法主动发消息`);
    const user = reference.user?.id ?? reference.conversation?.id;
    if (!user) throw new Error('会话引用里没有用户');
    const activity = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, reference, true);
    await this.serial(user, () => this.runTurn(activity, logic, user));
  }
}

/** A typed number picks the choice with that number, unless the number is itself one of the choices. */
export function pickChoice(text: string, choices: Choice[]): string {
  if (!/^\d{1,2}$/.test(text) || choices.some((c) => c.value === text || c.title === text)) return text;
  return choices[Number(text) - 1]?.value ?? text;
}

function atMost(p: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise((ok) => (timer = setTimeout(ok, ms)));
  return Promise.race([p, cap]).finally(() => clearTimeout(timer));
}
