import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import { commandOf, WORDS, type Command } from './commands.js';
import { BARE_YES_NO, exactAnswer, nearOption, outOfRange, wrongUnit } from './answer.js';
import { answerTopic, faqTopicOf } from './faq.js';
import { followLink } from './links.js';
import { absorb, askNext, back, change, current, finish, record, startBundle, type Ctx } from './interview.js';
import { bundleMenu, greeting, helpText, outOfScope } from './render/greeting.js';
import { renderQuestion } from './render/question.js';
import type { Reply } from './reply.js';
import { renderChecklist } from './render/checklist.js';
import { buildChecklist } from '../engine/index.js';
import { HANDOFF_RE, type HandoffStore } from './handoff.js';
import { newConversation, type ConversationData, type Parse, type Understanding, type UserData } from './types.js';

/** A message that asks something (a question about the bundle), not an answer to the question on screen. */
const ASKS = /[吗么嘛？?]|多少|哪|几|怎|要不要|是不是|是否|能不能|可不可以|需不需要|多久|什么|咋|啥/;

/** Confidence above which a bundle is started without asking which one. */
export const BUNDLE_SURE = 0.6;
/** A question about fees, place or time switches away from the bundle in hand only above this. */
export const BUNDLE_NAMED = 0.9;
/** Below this the bot does not even offer a bundle: it says what it can do. */
export const BUNDLE_MAYBE = 0.2;

/** The application flow (一表申报 → 提交 → 进度 → 好差评), plugged in by the server. */
export interface ApplyFlow {
  start(conv: ConversationData, user: UserData): Promise<Reply[]>;
  handle(text: string, conv: ConversationData, user: UserData): Promise<Reply[] | null>;
  progress(caseNo: string | undefined, conv: ConversationData, user: UserData): Promise<Reply[]>;
  rate(conv: ConversationData, user: UserData): Promise<Reply[]>;
}

export interface TurnDeps {
  k: Knowledge;
  /** operator hand-off codes (续办 123456) from the hotline console */
  handoff?: HandoffStore;
  nlu: Understanding;
  today: () => string;
  apply?: ApplyFlow;
  onHandover?: (conv: ConversationData, reason: string) => Promise<void>;
}

/**
 * One user message in, the bot's replies out. All conversation state lives in `conv` and `user`,
 * which the caller loads before and saves after, so a restart in the middle loses nothing.
 */
export async function handleText(deps: TurnDeps, raw: string, conv: ConversationData, user: UserData): Promise<Reply[]> {
  const ctx: Ctx = { k: deps.k, today: deps.today() };
  let text = raw.trim();
  if (!text) return [{ text: '目前只能看懂文字消息。请直接打字告诉我您要办什么事，比如「我要卖房，要准备什么？」' }];
  if (text.length > 500) text = text.slice(0, 500);
  // a typed number picks from the choices shown last
  if (/^\d{1,2}$/.test(text) && conv.lastChoices && conv.mode !== 'interview') {
    const picked = conv.lastChoices[Number(text) - 1];
    if (picked) text = picked;
  }

  const linked = followLink(ctx, conv, text);
  if (linked) return linked;

  const code = HANDOFF_RE.exec(text);
  if (code && deps.handoff) {
    const h = await deps.handoff.redeem(code[1]!);
    if (!h || !deps.k.bundles.has(h.bundle)) return [{ text: '这个续办码无效或已过期（有效期24小时，只能用一次）。请核对数字，或直接告诉我您要办什么事。' }];
    const replies = startBundle(ctx, conv, h.bundle, h.answers);
    return [{ text: '已接上热线工作人员为您填好的回答。' }, ...replies];
  }

  const q = current(ctx, conv);
  const tapped = q && conv.mode === 'interview' ? exactAnswer(q, text) : undefined;
  const parse = deps.nlu.parse(text, { bundle: conv.bundle ?? null, question: q ?? null });
  // while typing a name, an address or a comment, only exact command words count, not guessed intents
  const freeInput = conv.mode === 'apply' && ['field', 'address', 'comment'].includes(conv.apply?.step ?? '');
  const cmd = tapped === undefined ? commandOf(text, freeInput ? undefined : parse) : null;

  if (cmd) {
    const r = await command(deps, ctx, cmd, conv, user, text);
    if (r) return r;
  }
  if (conv.mode === 'apply' && deps.apply) {
    const r = await deps.apply.handle(text, conv, user);
    if (r) return r;
  }
  if (conv.mode === 'choose' && conv.offered) {
    const chosen = pickOffered(deps.k, conv, text);
    // 「继续…」 after 您是想改办…吗: back to the open question with every answer kept, not a fresh start
    if (chosen && chosen === conv.bundle && conv.current) {
      conv.offered = undefined;
      return [{ text: '好的，我们接着来：' }, ...askNext(ctx, conv)];
    }
    if (chosen) return startBundle(ctx, conv, chosen, parse.answers);
  }
  if (conv.mode === 'interview' && q) return interviewTurn(deps, ctx, conv, text, parse, tapped);
  if (conv.mode === 'done' && conv.bundle) {
    const topic = faqTopicOf(text, parse.intent.name);
    // 「要多久」「要交多少税」 alone lean to some bundle (0.4–0.7): a question asked right after a checklist is
    // about that checklist unless it names another bundle outright (开公司要多久, 交房要交什么税: 1.0)
    const otherBundle = parse.bundle !== null && parse.bundle !== conv.bundle && parse.bundleConfidence >= BUNDLE_NAMED;
    if (topic && !otherBundle) {
      return [{ text: answerTopic(deps.k, conv.bundle, topic, conv.answers, ctx.today), actions: [WORDS.apply, WORDS.checklist, WORDS.other] }];
    }
  }
  return chooseBundle(ctx, conv, parse, text);
}

function pickOffered(k: Knowledge, conv: ConversationData, text: string): BundleId | undefined {
  const offered = conv.offered ?? [];
  if (/^\d{1,2}$/.test(text)) return offered[Number(text) - 1];
  return offered.find((id) => {
    const b = k.bundles.get(id)!;
    return text === b.name || text.includes(b.name.replace('一件事', ''));
  });
}

function chooseBundle(ctx: Ctx, conv: ConversationData, parse: Parse, text: string): Reply[] {
  const menu = bundleMenu(ctx.k);
  const byName = menu.find((b) => b.name === text || b.id === text);
  if (byName) return startBundle(ctx, conv, byName.id, {});
  if (parse.bundle && parse.bundleConfidence >= BUNDLE_SURE) return startBundle(ctx, conv, parse.bundle, parse.answers);
  const top = parse.candidates.filter((c) => c.confidence >= BUNDLE_MAYBE).slice(0, 3);
  if (parse.intent.name === 'greet') {
    conv.lastChoices = menu.map((b) => b.name);
    return [greeting(ctx.k)];
  }
  if (parse.intent.name === 'thanks') return [{ text: '不客气！还有其他要办的事，随时告诉我。' }];
  if (!parse.outOfScope && top.length > 0) {
    conv.mode = 'choose';
    conv.offered = top.map((c) => c.bundle);
    const names = conv.offered.map((id) => ctx.k.bundles.get(id)!.name);
    conv.lastChoices = names;
    return [{ text: ['我不太确定您要办哪一件，是下面哪个？', ...names.map((n, i) => `${i + 1}. ${n}`), '都不是的话，换个说法告诉我也行。'].join('\n'), actions: names }];
  }
  conv.lastChoices = menu.map((b) => b.name);
  return [outOfScope(ctx.k)];
}

async function interviewTurn(
  deps: TurnDeps,
  ctx: Ctx,
  conv: ConversationData,
  text: string,
  parse: Parse,
  tapped: ReturnType<typeof exactAnswer>,
): Promise<Reply[]> {
  const q = current(ctx, conv)!;
  if (/^(为什么问这个|为什么问|为啥问)/.test(text)) return askNext(ctx, conv, { why: true });
  const asks = ASKS.test(text);
  if (tapped === undefined && wrongUnit(q, text)) parse = { ...parse, answer: undefined };
  const near = tapped === undefined && parse.answer === undefined && !asks ? nearOption(q, text) : undefined;
  // a statement the understanding read as this question's answer is an answer, even if it names a FAQ topic (到场)
  const answered = tapped !== undefined || near !== undefined || (parse.answer !== undefined && !asks);
  const topic = answered ? null : faqTopicOf(text, parse.intent.name);
  const a = tapped ?? (topic ? undefined : parse.answer);
  if (a !== undefined) {
    const bad = outOfRange(q, a);
    if (bad) return [{ text: bad }, renderQuestion(q)];
    return record(ctx, conv, q, a, parse.answers);
  }
  if (near === 'ambiguous') return [{ text: '您的意思是下面哪一个？请点选或回复序号。' }, ...askNext(ctx, conv)];
  if (near) return [{ text: `按「${near.label}」记下了（不对可说「上一步」）。` }, ...record(ctx, conv, q, near.id, parse.answers)];
  if (BARE_YES_NO.test(text)) return [{ text: q.options ? '这个问题要从下面选一个，请点选或回复序号。' : '这个问题需要您直接填写，格式见下面的提示。' }, ...askNext(ctx, conv)];
  if (topic) {
    return [{ text: answerTopic(deps.k, conv.bundle!, topic, conv.answers, ctx.today) }, { text: '我们接着来：' }, ...askNext(ctx, conv)];
  }
  if (Object.keys(parse.answers).some((id) => conv.answers[id] === undefined)) {
    const r = absorb(ctx, conv, parse.answers);
    if (r) return r;
  }
  if (parse.bundle && parse.bundle !== conv.bundle && parse.bundleConfidence >= BUNDLE_SURE) {
    const other = deps.k.bundles.get(parse.bundle)!;
    conv.mode = 'choose';
    conv.offered = [parse.bundle, conv.bundle!];
    const actions = [other.name, `继续${deps.k.bundles.get(conv.bundle!)!.name}`];
    conv.lastChoices = [other.name, deps.k.bundles.get(conv.bundle!)!.name];
    return [{ text: `您是想改办「${other.name}」吗？\n1. 改办${other.name}\n2. 继续当前事项`, actions }];
  }
  if (parse.outOfScope && /[办申领补换开查]/.test(text)) {
    return [{ text: '这件事不在我能办的十件事里，可以拨打 12345 咨询。我们接着刚才的问题：' }, ...askNext(ctx, conv)];
  }
  return [{ text: '抱歉，没能理解您的回答。' }, ...askNext(ctx, conv, { why: true })];
}

async function command(deps: TurnDeps, ctx: Ctx, cmd: Command, conv: ConversationData, user: UserData, text: string): Promise<Reply[] | null> {
  switch (cmd.kind) {
    case 'restart': {
      const keep = { transcript: conv.transcript, handover: conv.handover, reference: conv.reference };
      // the bundle and its open question go too, or 上一步 and 查看清单 would bring the old one back
      Object.assign(conv, newConversation(), { bundle: undefined, current: undefined, offered: undefined, apply: undefined }, keep);
      conv.lastChoices = bundleMenu(ctx.k).map((b) => b.name);
      return [{ text: '好的，已清空之前的回答，我们重新开始。' }, greeting(ctx.k)];
    }
    case 'greet':
      if (conv.mode === 'interview') return [{ text: '您好！我们接着刚才的问题：' }, ...askNext(ctx, conv)];
      conv.lastChoices = bundleMenu(ctx.k).map((b) => b.name);
      return [greeting(ctx.k)];
    case 'thanks':
      return conv.mode === 'interview' ? [{ text: '不客气！' }, ...askNext(ctx, conv)] : [{ text: '不客气！还有要办的事随时告诉我。' }];
    case 'help':
      return [helpText(conv.mode === 'interview')];
    case 'handover': {
      conv.handover = { at: new Date().toISOString(), reason: text };
      await deps.onHandover?.(conv, text);
      return [{ text: '已为您转接人工服务，工作人员会在这里尽快回复您（工作日 9:00-17:00）。着急的话也可以拨打 12345 热线。您之前的回答都保留着。' }];
    }
    case 'back':
      if (conv.mode === 'apply') return null;
      return back(ctx, conv);
    case 'change':
      if (conv.mode === 'apply') return null;
      return change(ctx, conv, cmd.target);
    case 'why':
      return conv.mode === 'interview' ? askNext(ctx, conv, { why: true }) : null;
    case 'checklist':
      if (conv.mode === 'apply' && conv.bundle) {
        const parts = renderChecklist(buildChecklist(ctx.k, conv.bundle, conv.answers, { today: ctx.today }));
        return [...parts.map((t) => ({ text: t })), { text: '申请还没提交，请接着回答上面的问题。' }];
      }
      if (!conv.bundle) return [{ text: '请先告诉我您要办什么事，回答几个问题后就能看到清单。' }, greeting(ctx.k)];
      if (conv.mode === 'interview') {
        const pending = askNext(ctx, conv);
        const partial = finish(ctx, { ...conv, answers: { ...conv.answers } });
        return [{ text: '按目前的回答，清单如下（还有问题没回答，部分材料要看您的情况）：' }, ...partial.slice(0, -1), { text: '我们接着来：' }, ...pending];
      }
      return finish(ctx, conv);
    case 'apply':
      if (!conv.bundle) return [{ text: '请先告诉我您要办什么事。' }];
      if (conv.mode === 'interview') return [{ text: '还有几个问题没回答，答完就可以申请了。' }, ...askNext(ctx, conv)];
      if (!deps.apply) return [{ text: '在线申请暂未开通，请带齐清单上的材料到窗口办理。' }];
      return deps.apply.start(conv, user);
    case 'other': {
      Object.assign(conv, { mode: 'idle', bundle: undefined, answers: {}, history: [], current: undefined, apply: undefined });
      conv.lastChoices = bundleMenu(ctx.k).map((b) => b.name);
      return [greeting(ctx.k)];
    }
    case 'progress':
      if (!deps.apply) return [{ text: '进度查询暂未开通，请拨打 12345 查询。' }];
      return deps.apply.progress(cmd.caseNo, conv, user);
    case 'rate':
      if (!deps.apply) return [{ text: '评价功能暂未开通。' }];
      if (conv.mode === 'apply' && (conv.apply?.step === 'rating' || conv.apply?.step === 'comment')) return null;
      return deps.apply.rate(conv, user);
  }
}
