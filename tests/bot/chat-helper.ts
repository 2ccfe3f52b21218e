import { ActivityTypes, MemoryStorage, TestAdapter, TurnContext, type Activity, type CardAction } from 'botbuilder';
import { AssistantBot } from '../../src/bot/bot.js';
import type { TurnDeps } from '../../src/bot/turn.js';
import type { ConversationData } from '../../src/bot/types.js';
import { blockingFor, compiledBundle, openQuestions, randomAnswer, rng } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import { loadKnowledge, type CompiledQuestion, type Knowledge } from '../../src/knowledge/load.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { choicesOf, NONE } from '../../src/bot/render/question.js';
import { createNlu } from '../../src/nlu/index.js';

/** The day every transcript runs on, so dated fees and taxes give the same checklist each run. */
export const TODAY = '2026-11-28';

let world: { k: Knowledge; nlu: TurnDeps['nlu'] } | undefined;

/** The real knowledge and the real understanding, built once per test file (a few seconds). */
export function realWorld(): { k: Knowledge; nlu: TurnDeps['nlu'] } {
  world ??= (() => {
    const k = loadKnowledge();
    return { k, nlu: createNlu(k) };
  })();
  return world;
}

/** What the bot said for one user line: each message's text, and the buttons under the last one offering any. */
export interface BotTurn {
  texts: string[];
  /** titles of the suggested actions of the last message that has them (what the user can tap now) */
  actions: string[];
  /** every suggested action of the turn as sent, for checks on type, title and value */
  suggested: CardAction[];
  activities: Partial<Activity>[];
  /** all texts joined, for `toContain` checks */
  all: string;
}

/**
 * One conversation with the real AssistantBot on botbuilder's TestAdapter and a MemoryStorage:
 * `join()` is the conversationUpdate a channel sends first, `say()` a typed or tapped line.
 */
export class Chat {
  readonly storage = new MemoryStorage();
  readonly handovers: { conv: ConversationData; reason: string }[] = [];
  readonly bot: AssistantBot;
  readonly adapter: TestAdapter;
  readonly k: Knowledge;

  constructor(overrides: Partial<TurnDeps> = {}) {
    const { k, nlu } = realWorld();
    this.k = k;
    this.bot = new AssistantBot(this.storage, {
      k,
      nlu,
      today: () => TODAY,
      onHandover: async (conv, reason) => {
        this.handovers.push({ conv: structuredClone(conv), reason });
        return undefined;
      },
      ...overrides,
    });
    this.adapter = new TestAdapter((context) => this.bot.run(context));
  }

  async join(): Promise<BotTurn> {
    const { user, bot } = this.adapter.conversation;
    await this.adapter.processActivity({ type: ActivityTypes.ConversationUpdate, membersAdded: user ? [user] : [], recipient: bot });
    return this.drain();
  }

  async say(text: string): Promise<BotTurn> {
    await this.adapter.receiveActivity(text);
    return this.drain();
  }

  /** The conversation's saved state, read back from storage as the next turn would see it. */
  async state(): Promise<ConversationData> {
    const context = new TurnContext(this.adapter, { ...this.adapter.makeActivity(), channelId: this.adapter.conversation.channelId });
    return (await this.bot.loadFor(context)).conv;
  }

  private drain(): BotTurn {
    const activities = this.adapter.activeQueue.splice(0);
    const messages = activities.filter((a) => a.type === ActivityTypes.Message);
    const texts = messages.map((a) => a.text ?? '');
    const suggested = messages.flatMap((a) => a.suggestedActions?.actions ?? []);
    const last = [...messages].reverse().find((a) => (a.suggestedActions?.actions.length ?? 0) > 0);
    return {
      texts,
      actions: (last?.suggestedActions?.actions ?? []).map((a) => a.title),
      suggested,
      activities,
      all: texts.join('\n'),
    };
  }
}

/** A number the question accepts: inside its min/max, else a plain default for its type. */
export function validNumber(q: CompiledQuestion): number {
  const fallback = q.type === 'money' ? 1_200_000 : q.type === 'area' ? 89.5 : 2;
  return Math.min(q.max ?? Infinity, Math.max(q.min ?? 0, fallback));
}

/** How a person types or taps this answer: an option label, 是/否, "1 3" for several, a number with its unit. */
export function typed(q: CompiledQuestion, a: AnswerValue): string {
  if (typeof a === 'boolean') return choicesOf(q)[a ? 0 : 1]!;
  if (Array.isArray(a)) return a.length === 0 ? NONE : a.map((id) => q.options!.findIndex((o) => o.id === id) + 1).join(' ');
  if (q.options) return q.options.find((o) => o.id === a)!.label;
  if (typeof a === 'number') {
    if (q.type === 'money') return a >= 10000 ? `${a / 10000}万` : `${a}元`;
    if (q.type === 'area') return `${a}平米`;
    return `${a}${q.unit ?? ''}`;
  }
  return a;
}

/**
 * Answers, in the order the interview asks them, that lead to question `id` (found by seeded random
 * interviews over the engine): what to type to reach it.
 */
export function pathTo(k: Knowledge, bundle: BundleId, id: string): [CompiledQuestion, AnswerValue][] {
  const cb = compiledBundle(k, bundle);
  const r = rng(7);
  for (let walk = 0; walk < 2000; walk++) {
    const steps: [CompiledQuestion, AnswerValue][] = [];
    const answers: Record<string, AnswerValue> = {};
    // the bot's own order (most lines changed first), fee questions included
    for (let q = botNext(k, bundle, answers); q; q = botNext(k, bundle, answers)) {
      if (q.id === id) return steps;
      const a = ['number', 'money', 'area'].includes(q.type) ? validNumber(q) : randomAnswer(q, r, []);
      answers[q.id] = a;
      steps.push([q, a]);
      // a blocking rule ends the interview there (经济适用房不满5年): this walk cannot reach the question
      if (blockingFor(k, bundle, answers, { today: TODAY }).length > 0) break;
    }
  }
  throw new Error(`no interview of ${cb.bundle.id} reaches ${id}`);
}

/** The question the bot asks next once the user asked for the fee estimate. */
export function botNext(k: Knowledge, bundle: BundleId, answers: Record<string, AnswerValue>): CompiledQuestion | null {
  return openQuestions(k, bundle, answers, { withFees: true, byImpact: true })[0] ?? null;
}

/** A chat that has greeted, chosen the bundle and typed its way to question `id`. */
export async function chatAt(bundle: BundleId, id: string): Promise<Chat> {
  const c = new Chat();
  await c.join();
  await c.say(c.k.bundles.get(bundle)!.name);
  // every question may be asked, the fee-only ones too
  await c.say('算税费');
  for (const [q, a] of pathTo(c.k, bundle, id)) {
    // options by their number, as a tap: an option's words may also state a later fact (军队转业 → 军人保险),
    // which would answer the very question this chat is heading for
    const single = q.type === 'single' && q.options ? q.options.findIndex((o) => o.id === a) + 1 : 0;
    await c.say(single > 0 ? String(single) : typed(q, a));
    const s = await c.state();
    // a first checklist given while questions remain: go on answering them
    if (s.mode === 'done' && s.provisional) await c.say('继续回答');
  }
  return c;
}

/** The checklist messages read back into their parts: the material lines of each section, in order. */
export function readChecklist(texts: string[]): { bring: string[]; maybe: string[]; shared: string[]; bank: string[] } {
  const out = { bring: [] as string[], maybe: [] as string[], shared: [] as string[], bank: [] as string[] };
  let section: keyof typeof out | null = null;
  for (const line of texts.join('\n').split('\n')) {
    if (line.startsWith('一、需要携带')) section = 'bring';
    else if (line.startsWith('还要看您的情况')) section = 'maybe';
    else if (line.startsWith('二、不用带')) section = 'shared';
    // what the bank's clerk brings is listed apart, neither to bring nor open
    else if (line.startsWith('银行经办人带来')) section = 'bank';
    else if (/^[三四五六]、/.test(line)) section = null;
    else if (section === 'bring' && /^\d+\. /.test(line)) out.bring.push(line);
    else if ((section === 'maybe' || section === 'shared' || section === 'bank') && line.startsWith('· ')) out[section].push(line);
  }
  return out;
}

/** Taps through every question, the ones left after a first (provisional) checklist too, to the full checklist. */
export async function tapToEnd(c: Chat, from: BotTurn): Promise<BotTurn> {
  let t = from;
  for (let i = 0; i < 10; i++) {
    t = (await tapThrough(c, t)).last;
    const s = await c.state();
    if (!(s.mode === 'done' && s.provisional && !t.all.includes('以上就是全部清单'))) break;
    t = await c.say('继续回答');
  }
  return t;
}

/**
 * Answers every open question by tapping its first button (or typing a valid number) until the
 * interview ends, or question `until` is asked; returns the questions answered and the last turn.
 */
export async function tapThrough(c: Chat, from: BotTurn, until?: string): Promise<{ asked: string[]; last: BotTurn }> {
  const asked: string[] = [];
  let t = from;
  for (
    let s = await c.state();
    (s.mode === 'interview' || (until !== undefined && s.mode === 'done' && s.provisional && !t.all.includes('以上就是全部清单'))) && s.current !== until;
    s = await c.state()
  ) {
    if (s.mode === 'done') {
      t = await c.say('继续回答');
      continue;
    }
    if (asked.length > 60) throw new Error(`interview does not end: ${asked.join(', ')}`);
    const q = compiledBundle(c.k, s.bundle!).questions.find((x) => x.id === s.current)!;
    asked.push(q.id);
    t = await c.say(q.options || q.type === 'yesno' ? t.actions[0]! : typed(q, validNumber(q)));
  }
  return { asked, last: t };
}
