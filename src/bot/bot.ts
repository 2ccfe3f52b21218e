import { type Activity, ActivityHandler, ActivityTypes, TurnContext, type Storage, type ConversationReference, type StatePropertyAccessor } from 'botbuilder';
import type { Logger } from '../util/log.js';
import { silentLogger } from '../util/log.js';
import { turnErrorMessage } from '../util/turn-error.js';
import { PlainConversationState, PlainUserState, writeAll } from './state/json-state.js';
import { isETagConflict } from './state/etag.js';
import { greeting } from './render/greeting.js';
import { foldNotices } from './apply/notices.js';
import { toActivity, type Reply } from './reply.js';
import { handleText, type TurnDeps } from './turn.js';
import { markOf, noTelemetry, recordTurn } from './telemetry.js';
import { KeyedLock, turnKey, type TurnLock } from './turn-lock.js';
import { newConversation, newUser, type ConversationData, type UserData } from './types.js';
import { lastTurn, repliesAgain } from './retry.js';

const TRANSCRIPT_LINES = 40;
const TRANSCRIPT_CHARS = 240;
/**
 * After a channel refused a notice for a conversation, later notices within this time are kept at once
 * instead of each waiting on the same dead connector; after it, the next notice tries again with the backlog.
 */
const NOTICE_RETRY_MS = 5 * 60_000;
/** a turn whose state changed under it runs again from fresh state, this many times at most */
const TURN_ATTEMPTS = 4;

/**
 * The assistant on botbuilder. Everything a turn knows is loaded from ConversationState and UserState
 * (our lowdb Storage by default) and saved at the end of the turn, on every channel alike.
 */
export class AssistantBot extends ActivityHandler {
  readonly conversationState: InstanceType<typeof PlainConversationState>;
  readonly userState: InstanceType<typeof PlainUserState>;
  private readonly conv: StatePropertyAccessor<ConversationData>;
  private readonly user: StatePropertyAccessor<UserData>;
  /** conversation → when its channel last refused a notice (memory only: a restart tries once more) */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly deps: TurnDeps,
    private readonly log: Logger = silentLogger,
    /** one turn at a time per conversation: user turns, notices and operators' replies alike */
    readonly lock: TurnLock = new KeyedLock(),
  ) {
    super();
    this.conversationState = new PlainConversationState(storage);
    this.userState = new PlainUserState(storage);
    this.conv = this.conversationState.createProperty<ConversationData>('conversation');
    this.user = this.userState.createProperty<UserData>('user');

    this.onMessage(async (context, next) => {
      await this.messageTurn(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const added = context.activity.membersAdded ?? [];
      if (added.some((m) => m.id !== context.activity.recipient?.id)) {
        const conv = await this.conv.get(context, newConversation());
        conv.lastChoices = [...(greeting(deps.k).actions ?? [])];
        await this.send(context, conv, [greeting(deps.k)]);
      }
      await next();
    });
  }

  /**
   * One turn under its conversation's lock. Replies are held until the state is saved: if the save finds
   * the state changed since it was read (another instance, a lock that expired), nothing was said yet and
   * the turn runs again from fresh state, so no answer is lost and none is given twice.
   */
  override async run(context: TurnContext): Promise<void> {
    const a = context.activity;
    await this.lock.run(turnKey(a.channelId, a.conversation?.id), async () => {
      const held: Partial<Activity>[] = [];
      let holding = true;
      context.onSendActivities(async (_c, activities, next) => {
        if (!holding) return next();
        held.push(...activities);
        return activities.map(() => ({ id: '' }));
      });
      for (let attempt = 1; ; attempt++) {
        held.length = 0;
        try {
          await super.run(context);
          await this.saveTurn(context);
          break;
        } catch (e) {
          if (!isETagConflict(e) || attempt >= TURN_ATTEMPTS) {
            // the turn's own replies are dropped (its state was not kept), but the error message the
            // adapter's onTurnError sends must get through, not be held here forever
            holding = false;
            throw e;
          }
          this.log.info({ conversation: a.conversation?.id, attempt }, 'state changed during the turn; running it again from fresh state');
          this.conversationState.forget(context);
          this.userState.forget(context);
        }
      }
      holding = false;
      if (held.length > 0) await context.sendActivities(held);
    });
  }

  /** The conversation's and the user's state in one storage call (one transaction in PostgreSQL). */
  private async saveTurn(context: TurnContext): Promise<void> {
    await writeAll(this.storage, [await this.conversationState.pending(context), await this.userState.pending(context)]);
  }

  /**
   * Speaks first (a status change, a delivered application): runs inside the channel's
   * continue-conversation turn so the conversation's state is loaded, changed and saved as usual.
   */
  async proactive(
    continueWith: (reference: Partial<ConversationReference>, logic: (c: TurnContext) => Promise<void>) => Promise<void>,
    reference: Partial<ConversationReference>,
    fn: (conv: ConversationData, user: UserData) => Reply[] | Promise<Reply[]>,
  ): Promise<void> {
    await continueWith(reference, (context) =>
      this.lock.run(turnKey(reference.channelId, reference.conversation?.id), async () => {
        const conv = await this.conv.get(context, newConversation());
        const user = await this.user.get(context, newUser());
        const replies = await fn(conv, user);
        const key = `${reference.channelId}/${reference.conversation?.id}`;
        const backlog = conv.unseen ?? [];
        const refusedAt = this.refused.get(key);
        if (backlog.length > 0 && refusedAt !== undefined && Date.now() - refusedAt < NOTICE_RETRY_MS) {
          // the channel refused moments ago: keep this one too rather than wait on it again
          conv.unseen = [...backlog, ...replies];
        } else {
          try {
            await this.send(context, conv, backlog.length > 0 ? [{ text: '您不在时有新消息：' }, ...foldNotices([...backlog, ...replies])] : replies);
            conv.unseen = undefined;
            this.refused.delete(key);
          } catch (e) {
            // kept, all of it, not lost: the user reads it first thing at their next message
            this.log.warn(
              { err: e, conversation: reference.conversation?.id, channel: reference.channelId },
              'notice not delivered; kept for the next message',
            );
            conv.unseen = [...backlog, ...replies];
            if (this.refused.size > 10_000) this.refused.clear();
            this.refused.set(key, Date.now());
          }
        }
        await this.saveTurn(context);
      }),
    );
  }

  /** Loads state for a conversation outside a turn (console, notifications). */
  async loadFor(context: TurnContext): Promise<{ conv: ConversationData; user: UserData }> {
    return { conv: await this.conv.get(context, newConversation()), user: await this.user.get(context, newUser()) };
  }

  private async messageTurn(context: TurnContext): Promise<void> {
    const conv = await this.conv.get(context, newConversation());
    const user = await this.user.get(context, newUser());
    // without the activity id the reference stays the same from turn to turn, so UserState is
    // written only when the user's own data changes (one file write per turn, not two)
    const { activityId: _turnOnly, ...reference } = TurnContext.getConversationReference(context.activity);
    if (JSON.stringify(conv.reference) !== JSON.stringify(reference)) conv.reference = reference;
    if (JSON.stringify(user.reference) !== JSON.stringify(reference)) user.reference = reference;
    const a = context.activity;
    const again = repliesAgain(conv, a.id);
    if (again) {
      this.log.info({ conversation: a.conversation?.id, channel: a.channelId }, 'message already handled (a retry after a restart): its replies again');
      await context.sendActivities(again.map((r) => ({ ...toActivity(r), type: ActivityTypes.Message })));
      return;
    }
    // a tapped card button may carry its value instead of text
    const text = typeof a.text === 'string' ? a.text : typeof a.value === 'string' ? a.value : '';
    const before = markOf(conv);
    if (text) this.note(conv, 'user', text);
    // what users type is personal: only at debug level, and masked by the logger like everything else
    this.log.debug({ conversation: a.conversation?.id, text }, 'message');
    const started = performance.now();
    const unseen = conv.unseen ?? [];
    conv.unseen = undefined;
    // a kept notice that asks something (a rating) set what the bot expects next: that is answered first
    const asks = unseen.some((r) => (r.actions?.length ?? 0) > 0);
    const replies = [
      ...(unseen.length > 0 ? [{ text: '您不在时有新消息：' }, ...foldNotices(unseen)] : []),
      ...(asks ? notYet(text) : await this.answer(text, conv, user, a.conversation?.id)),
    ];
    const ms = performance.now() - started;
    recordTurn(this.deps.telemetry ?? noTelemetry, a.channelId ?? 'unknown', ms, before, markOf(conv));
    this.log.info({ conversation: a.conversation?.id, channel: a.channelId, mode: conv.mode, bundle: conv.bundle, ms: Math.round(ms) }, 'turn');
    conv.lastTurn = a.id ? lastTurn(a.id, replies) : undefined;
    await this.send(context, conv, replies);
  }

  private async answer(text: string, conv: ConversationData, user: UserData, conversation: string | undefined): Promise<Reply[]> {
    const before = structuredClone({ conv, user });
    try {
      return await handleText(this.deps, text, conv, user);
    } catch (e) {
      this.log.error({ err: e, conversation }, 'turn failed');
      // a turn that failed halfway keeps none of its changes (a form value stored, the next field not set):
      // saved, they could make every later turn fail the same way; the next message starts from before it
      restore(conv, before.conv);
      restore(user, before.user);
      return [{ text: turnErrorMessage(e) }];
    }
  }

  private async send(context: TurnContext, conv: ConversationData, replies: Reply[]): Promise<void> {
    await context.sendActivities(replies.map((r) => ({ ...toActivity(r), type: ActivityTypes.Message })));
    // after sending: a notice the channel refused is written down when the user finally reads it
    replies.forEach((r) => {
      this.note(conv, 'bot', r.text);
    });
  }

  private note(conv: ConversationData, from: 'user' | 'bot', text: string): void {
    // the transcript is for the operator who takes over; a whole checklist in it would be rewritten on every turn
    const kept = text.length > TRANSCRIPT_CHARS ? `${text.slice(0, TRANSCRIPT_CHARS)}…（下略）` : text;
    conv.transcript.push({ from, text: kept, at: new Date().toISOString() });
    if (conv.transcript.length > TRANSCRIPT_LINES) conv.transcript.splice(0, conv.transcript.length - TRANSCRIPT_LINES);
  }
}

/** Puts an object back as it was, in place (the state accessors hold this very object). */
function restore<T extends object>(target: T, snapshot: T): void {
  for (const key of Object.keys(target)) if (!(key in snapshot)) delete (target as Record<string, unknown>)[key];
  Object.assign(target, snapshot);
}

/** What the user said while a kept notice's question was still unseen: acknowledged, not guessed at. */
function notYet(text: string): Reply[] {
  if (!text) return [];
  const said = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return [{ text: `您刚才说的「${said}」我还没处理：请先回答上面的问题，之后再说一次。` }];
}
