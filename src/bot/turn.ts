import type { Knowledge } from '../knowledge/load.js';
import type { BundleId } from '../knowledge/schema/index.js';
import type { CompiledQuestion } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import { commandOf, WORDS, type Command } from '../nlu/commands.js';
import { askErase, erase, eraseAnswer, isPrivacyCommand, keptAll, withdrawConsent } from './privacy.js';
import { BARE_YES_NO, confirmation, exactAnswer, isUnsure, nearOption, outOfRange, UNSURE, wrongUnit } from '../nlu/choices.js';
import { answerTopic, matchFaq } from './faq.js';
import { upsetReply } from './upset.js';
import { faqTopicOf } from '../nlu/faq-topic.js';
import { cuesOf } from '../nlu/cues.js';
import { UNSENT } from './apply/types.js';
import { followLink } from './links.js';
import { documentsCommand } from './documents.js';
import { absorb, askNext, back, change, checklistOf, current, diffText, finish, planOf, record, startBundle, type Ctx } from './interview.js';
import { caseNamed, clearHand, hasCase, listCases, putAside, resume } from './cases.js';
import { bundleMenu, greeting, helpText, outOfScope } from './render/greeting.js';
import type { Reply } from './reply.js';
import {
  answerLabel,
  buildChecklist,
  cautiousAnswer,
  checklistDiff,
  compiledBundle,
  feeOnlyQuestions,
  findQuestion,
  openQuestions,
  partiesOf,
} from '../engine/index.js';
import { HANDOFF_RE, type HandoffStore } from './handoff.js';
import type { ConversationData, Parse, Understanding, UserData } from './types.js';

/** Confidence above which a bundle is started without asking which one. */
export const BUNDLE_SURE = 0.6;
/** A question about fees, place or time switches away from the bundle in hand only above this. */
export const BUNDLE_NAMED = 0.9;
/**
 * A bundle taken without asking: read surely, or named outright (its alias, or a frame as strong as one:
 * 公司要卖一个门面房 is a property sale) and ahead of the rest, though other words pull elsewhere (门面, 事业单位)
 */
const sure = (parse: Parse): boolean => parse.bundleConfidence >= BUNDLE_SURE || (parse.bundleNamed === true && parse.bundleConfidence >= BUNDLE_MAYBE);
/** Below this the bot does not even offer a bundle: it says what it can do. */
export const BUNDLE_MAYBE = 0.2;

/** The application flow (一表申报 → 提交 → 进度 → 好差评), plugged in by the server. */
export interface ApplyFlow {
  start(conv: ConversationData, user: UserData): Promise<Reply[]>;
  handle(text: string, conv: ConversationData, user: UserData): Promise<Reply[] | null>;
  /** the form's pending step asked again (after a side question answered in the middle of it) */
  again(conv: ConversationData, user: UserData): Reply[];
  /** the form waits for typed text (a name, an address, 参保人数 3): a bare number there is a value, not a numbered choice */
  typing(conv: ConversationData, user: UserData): boolean;
  progress(caseNo: string | undefined, conv: ConversationData, user: UserData): Promise<Reply[]>;
  rate(conv: ConversationData, user: UserData): Promise<Reply[]>;
  /** a fresh link to the case's documents (「把表格发我」): templates before submission, filled after */
  documents?(conv: ConversationData, user: UserData): Promise<Reply[]>;
}

export interface TurnDeps {
  k: Knowledge;
  /** operator hand-off codes (续办 123456) from the hotline console */
  handoff?: HandoffStore;
  nlu: Understanding;
  today: () => string;
  apply?: ApplyFlow;
  /** 转人工 made: what the user is told (a default line when it returns nothing) */
  onHandover?: (conv: ConversationData, reason: string) => Promise<Reply[] | undefined>;
  /** a conversation handed to a person: its messages go to the operator (src/bot/handover-chat.ts) */
  handover?: { turn(text: string, conv: ConversationData): Promise<Reply[] | null> };
  /** 删除我的信息 reaching the 转人工 requests (src/bot/privacy.ts) */
  privacy?: import('./privacy.js').PrivacyDeps;
  /** what the service counts (/metrics, the results page); nothing when unset */
  telemetry?: import('./telemetry.js').Telemetry;
}

/**
 * One user message in, the bot's replies out. All conversation state lives in `conv` and `user`,
 * which the caller loads before and saves after, so a restart in the middle loses nothing.
 * The policy every turn follows is written in docs/conversation.md.
 */
export async function handleText(deps: TurnDeps, raw: string, conv: ConversationData, user: UserData): Promise<Reply[]> {
  const replies = await decide(deps, raw, conv, user);
  // a typed number always means the numbered choices last shown: they are set here, in one place
  const last = [...replies].reverse().find((r) => (r.actions?.length ?? 0) > 0);
  if (last) conv.lastChoices = [...last.actions!];
  return replies;
}

async function decide(deps: TurnDeps, raw: string, conv: ConversationData, user: UserData): Promise<Reply[]> {
  const ctx: Ctx = { k: deps.k, today: deps.today() };
  let text = raw.trim();
  if (!text) return [{ text: '目前只能看懂文字消息。请直接打字告诉我您要办什么事，比如「我要卖房，要准备什么？」' }];
  if (text.length > 500) text = text.slice(0, 500);
  // a PIPL request (删除我的信息, 撤回同意) is the bot's to honour, even while a person has the conversation
  const privacy = conv.confirm?.kind === 'erase' || isPrivacyCommand(commandOf(text));
  const held = privacy ? null : await deps.handover?.turn(text, conv);
  if (held) return held;

  // a yes the bot asked for (重新开始, 改办) comes first; anything else cancels it and is read afresh
  if (conv.confirm) {
    const pending = conv.confirm;
    conv.confirm = undefined;
    const yes = pending.kind === 'erase' ? eraseAnswer(text, confirmation) : confirmation(text);
    if (pending.kind === 'erase') {
      // only a plain yes erases; anything else keeps everything and is read afresh
      if (yes === true) return erase(deps.privacy ?? {}, conv, user);
      if (yes === false) return [...keptAll(), ...resumeHand(ctx, conv)];
    } else if (yes === true) return confirmed(ctx, conv, pending);
    else if (yes === false) return [{ text: pending.kind === 'restart' ? '好的，不清空，您的回答都还在。' : '好的，不改办。' }, ...resumeHand(ctx, conv)];
  }
  // a typed number picks from the choices shown last (at a question, the question reads it)
  const ordinal = cuesOf(text).ordinal;
  const typing = conv.mode === 'apply' && (deps.apply?.typing(conv, user) ?? false);
  if (ordinal !== undefined && conv.lastChoices && conv.lastChoices.length > 0 && conv.mode !== 'interview' && !typing) {
    const picked = conv.lastChoices[ordinal - 1];
    if (!picked) return [{ text: `没有第${text}项，请回复 1 到 ${conv.lastChoices.length} 之间的序号，或直接说您要做什么。`, actions: conv.lastChoices }];
    text = picked;
  }

  const linked = followLink(ctx, conv, text);
  if (linked) return linked;

  const code = HANDOFF_RE.exec(text);
  if (code && deps.handoff) {
    const h = await deps.handoff.redeem(code[1]!, conv.reference?.conversation?.id);
    if (h === 'throttled') return [{ text: '续办码输错次数太多，请过一小时再试，或拨打 12345 热线。' }];
    if (!h || !deps.k.bundles.has(h.bundle)) return [{ text: '这个续办码无效或已过期（有效期24小时，只能用一次）。请核对数字，或直接告诉我您要办什么事。' }];
    putAside(conv);
    const replies = startBundle(ctx, conv, h.bundle, h.answers);
    return [{ text: '已接上热线工作人员为您填好的回答。' }, ...replies];
  }

  const q = current(ctx, conv);
  const tapped = q && conv.mode === 'interview' ? exactAnswer(q, text) : undefined;
  const parse = deps.nlu.parse(text, { bundle: conv.bundle ?? null, question: q ?? null });
  // likely facts are not recorded, but their question, when it comes, offers them first (「是」 takes it)
  if (parse.suggestions && Object.keys(parse.suggestions).length > 0) conv.suggested = { ...conv.suggested, ...parse.suggestions };
  // while typing a name, an address or a comment, only exact command words count, not guessed intents
  const freeInput = conv.mode === 'apply' && ['field', 'address', 'comment'].includes(conv.apply?.step ?? '');
  // an insult, frustration or a complaint: heard calmly, a person offered, the case kept (src/bot/upset.ts)
  if (parse.cues.upset && !freeInput && tapped === undefined)
    return [upsetReply(ctx.k, conv, parse.cues.upset), ...(conv.mode === 'interview' && q ? askNext(ctx, conv, { again: true }) : [])];
  // an opening that names a bundle starts it, whatever else it asks (「卖房要带什么」 is not 查看清单 of nothing)
  const opening = conv.mode !== 'interview' && conv.mode !== 'apply' && parse.bundle !== null && sure(parse) && parse.bundle !== conv.bundle;
  // a service next to the ten (二手车过户, 护照): where to go instead, said before 要带啥 is read as 查看清单;
  // the case in hand and its question stay
  // (a command word said outright, 「修改 结婚登记地」, stays a command)
  if (tapped === undefined && parse.pointer && parse.outOfScope && !opening && !commandOf(text)) {
    if (conv.mode === 'interview' && q)
      return [{ text: `这件事不在我能办的十件事里：${parse.pointer.say}\n这一题还没回答，我们接着刚才的问题：` }, ...askNext(ctx, conv, { again: true })];
    if (!hasCase(conv)) return [outOfScope(ctx.k, parse.pointer.say)];
    return [{ text: `这件事不在我能办的十件事里：${parse.pointer.say}\n您「${ctx.k.bundles.get(conv.bundle!)!.name}」的回答都还在。` }];
  }
  // 「那买方要准备啥」 asks for one party's part of the checklist, whatever the intent reading says
  const partyList: Command | null = parse.cues.partyMaterials && conv.bundle && conv.mode === 'interview' ? { kind: 'checklist' } : null;
  const cmd = tapped === undefined ? (commandOf(text) ?? (freeInput || opening ? null : (partyList ?? commandOf(text, parse)))) : null;

  if (cmd) {
    const r = await command(deps, ctx, cmd, conv, user, text, parse);
    if (r) return r;
  }
  if (conv.mode === 'apply' && deps.apply) {
    // 「要带原件吗」 while the form waits for a name is a question, answered, never stored as the name
    if (freeInput && conv.apply?.step !== 'comment' && conv.bundle && tapped === undefined && parse.cues.asksBack) {
      const topic = faqTopicOf(text, parse.intent.name) ?? 'asked';
      return [
        { text: answerTopic(deps.k, conv.bundle, topic, conv.answers, ctx.today, text) },
        { text: '这一项还没填，我们接着来：' },
        ...deps.apply.again(conv, user),
      ];
    }
    // 「等下 我说错了 是卖给她 不是送」 while the form waits for a name: the case is corrected, never the name
    const fixed = tapped === undefined ? correctInForm(deps, ctx, conv, user, parse) : null;
    if (fixed) return fixed;
    const r = await deps.apply.handle(text, conv, user);
    if (r) return r;
  }
  if (conv.mode === 'choose' && conv.offered) {
    const chosen = pickOffered(deps.k, conv, text);
    if (chosen) return startOrSwitch(ctx, conv, chosen, parse.answers);
  }
  if (conv.mode === 'interview' && q) return interviewTurn(deps, ctx, conv, text, parse, tapped);
  if (conv.mode === 'done' && conv.bundle) {
    const r = followUp(deps, ctx, conv, text, parse);
    if (r) return r;
  }
  return chooseBundle(ctx, conv, parse, text);
}

/** The case in hand again: its open question, or a word that its checklist stands. */
function resumeHand(ctx: Ctx, conv: ConversationData): Reply[] {
  if (conv.mode === 'interview' && conv.bundle) return [{ text: '我们接着来：' }, ...askNext(ctx, conv, { again: true })];
  if (conv.bundle)
    return [
      {
        text: `「${ctx.k.bundles.get(conv.bundle)!.name}」的清单还在，您可以接着问，或说「${WORDS.apply}」。`,
        actions: [WORDS.apply, WORDS.checklist, WORDS.change],
      },
    ];
  return [greeting(ctx.k)];
}

function confirmed(ctx: Ctx, conv: ConversationData, pending: Exclude<NonNullable<ConversationData['confirm']>, { kind: 'erase' }>): Reply[] {
  if (pending.kind === 'restart') {
    clearHand(conv);
    return [{ text: '好的，已清空这件事的回答，我们重新开始。' }, greeting(ctx.k)];
  }
  putAside(conv);
  return startBundle(ctx, conv, pending.bundle, pending.facts);
}

/**
 * Starts a bundle. With another case in hand it asks first (that case is kept either way); a case of
 * the same bundle put aside earlier is taken up again instead of starting over.
 */
function startOrSwitch(ctx: Ctx, conv: ConversationData, bundle: BundleId, facts: Record<string, AnswerValue>): Reply[] {
  if (conv.bundle === bundle && hasCase(conv)) return resumeHand(ctx, conv);
  if (conv.cases?.some((c) => c.bundle === bundle) && !hasCase(conv)) {
    resume(conv, bundle);
    return [{ text: `接着办「${ctx.k.bundles.get(bundle)!.name}」，之前的回答都在。` }, ...resumeHand(ctx, conv)];
  }
  if (hasCase(conv) && conv.bundle !== bundle) {
    const from = ctx.k.bundles.get(conv.bundle!)!.name;
    const to = ctx.k.bundles.get(bundle)!.name;
    conv.confirm = { kind: 'switch', bundle, facts };
    const actions = [`办${to.replace(/一件事$/, '')}`, `继续${from.replace(/一件事$/, '')}`];
    return [
      {
        text: `您是要另办「${to}」吗？「${from}」的回答会保留，之后说「回到${from.replace(/一件事$/, '')}」就能接着办。\n1. ${actions[0]}\n2. ${actions[1]}`,
        actions,
      },
    ];
  }
  putAside(conv);
  return startBundle(ctx, conv, bundle, facts);
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
  if (byName) return startOrSwitch(ctx, conv, byName.id, {});
  if (parse.bundle && sure(parse)) return startOrSwitch(ctx, conv, parse.bundle, parse.answers);
  const top = parse.candidates.filter((c) => c.confidence >= BUNDLE_MAYBE).slice(0, 3);
  if (parse.intent.name === 'greet') return [greeting(ctx.k)];
  if (parse.intent.name === 'thanks') return [{ text: '不客气！还有其他要办的事，随时告诉我。' }];
  if (!parse.outOfScope && top.length > 0) {
    if (!hasCase(conv)) conv.mode = 'choose';
    conv.offered = top.map((c) => c.bundle);
    if (hasCase(conv)) conv.mode = 'choose';
    const names = conv.offered.map((id) => ctx.k.bundles.get(id)!.name);
    return [
      {
        text: ['我不太确定您要办哪一件，是下面哪个？', ...names.map((n, i) => `${i + 1}. ${n}`), '都不是的话，换个说法告诉我也行。'].join('\n'),
        actions: names,
      },
    ];
  }
  if (hasCase(conv)) return [{ text: `抱歉，这句我没看懂。您「${ctx.k.bundles.get(conv.bundle!)!.name}」的回答都还在。` }, ...resumeHand(ctx, conv)];
  return [outOfScope(ctx.k)];
}

/** What a message about a finished case wants: a correction, a what-if, a question, another bundle. Never a restart. */
function followUp(deps: TurnDeps, ctx: Ctx, conv: ConversationData, text: string, parse: Parse): Reply[] | null {
  const bundle = conv.bundle!;
  const cb = compiledBundle(ctx.k, bundle);
  const { asks, whatIf, corrects } = parse.cues;
  const changed = changedFacts(cb, conv, parse);
  // a fact that differs from the case: 「如果…」 asks what would change; 「其实…」 or a plain statement corrects it;
  // a question that merely touches an answer's words (「本人要到场吗」) is a question
  if (changed.length > 0 && whatIf) return hypothetical(ctx, conv, changed);
  if (changed.length > 0 && (!asks || corrects)) return correct(ctx, conv, changed);
  const reopened = contradicted(ctx, conv, parse, changed);
  if (reopened) return reopened;
  if (parse.cues.partyMaterials) {
    const who = parse.cues.partyMaterials === 'seller' ? '卖' : '买';
    const { c } = checklistOf(ctx, conv);
    const mine = c.bring.filter((m) => m.holder?.startsWith(who));
    const both = c.bring.filter((m) => !m.holder || !/^(.)方/.test(m.holder));
    return [
      {
        text: [
          `${who}方要准备的（按您的情况）：`,
          ...mine.map((m) => `· ${m.name}：${m.formLabel}`),
          ...(both.length > 0 ? ['双方共同的：', ...both.map((m) => `· ${m.name}：${m.formLabel}`)] : []),
          ...(mine.length === 0 ? ['（这一方没有单独要带的材料）'] : []),
        ].join('\n'),
        actions: [WORDS.apply, WORDS.checklist],
      },
    ];
  }
  const other = parse.bundle !== null && parse.bundle !== bundle && parse.bundleConfidence >= BUNDLE_NAMED;
  const topic = faqTopicOf(text, parse.intent.name);
  if (topic === 'fees' && !other) {
    const fees = openQuestions(ctx.k, bundle, conv.answers, { ...planOf(conv), withFees: true }).filter((q) => feeOnlyQuestions(cb).has(q.id));
    if (fees.length > 0 && !conv.withFees) {
      conv.withFees = true;
      conv.mode = 'interview';
      return [
        {
          text: `${answerTopic(deps.k, bundle, 'fees', conv.answers, ctx.today)}\n要算出金额，还需要知道：${[...new Set(fees.map((q) => q.topic))].join('、')}。`,
        },
        ...askNext(ctx, conv, { again: true }),
      ];
    }
  }
  if (topic && !other)
    return [{ text: answerTopic(deps.k, bundle, topic, conv.answers, ctx.today, text), actions: [WORDS.apply, WORDS.checklist, WORDS.other] }];
  if (other) return null;
  if (asks) {
    return [
      { text: answerTopic(deps.k, bundle, 'asked', conv.answers, ctx.today, text) },
      { text: `您「${ctx.k.bundles.get(bundle)!.name}」的清单还在。`, actions: [WORDS.apply, WORDS.checklist, WORDS.change] },
    ];
  }
  if (parse.bundle === bundle) return resumeHand(ctx, conv);
  return null;
}

/**
 * Facts in the message that differ from the case. A likely reading counts only when the user says outright
 * that they are correcting (「其实没满五年」 hedges its own value); the reply names each change, so a wrong
 * reading is seen and undone at once.
 */
function changedFacts(cb: ReturnType<typeof compiledBundle>, conv: ConversationData, parse: Parse): [string, AnswerValue][] {
  const facts = { ...(parse.cues.corrects ? parse.suggestions : {}), ...parse.answers };
  return Object.entries(facts).filter(([id, v]) => findQuestion(cb, id) && JSON.stringify(conv.answers[id]) !== JSON.stringify(v));
}

function correct(ctx: Ctx, conv: ConversationData, changed: [string, AnswerValue][]): Reply[] {
  const said = applyChanges(ctx, conv, changed);
  // after a checklist, the next one says what was added or removed
  if (conv.mode === 'done') conv.provisional = true;
  conv.mode = 'interview';
  // questions the new answer opens are asked; the checklist then says what was added or removed
  return [{ text: `已改：${said}。` }, ...askNext(ctx, conv, { again: true })];
}

/** Sets the changed answers and says each as 「题目：旧 → 新」. */
function applyChanges(ctx: Ctx, conv: ConversationData, changed: [string, AnswerValue][]): string {
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const said = changed.map(([id, v]) => {
    const q = findQuestion(cb, id)!;
    return `${q.topic}：${conv.answers[id] !== undefined ? `${answerLabel(q, conv.answers[id]!)} → ` : ''}${answerLabel(q, v)}`;
  });
  for (const [id, v] of changed) {
    conv.answers[id] = v;
    conv.history = [...conv.history.filter((h) => h !== id), id];
    conv.unsure = conv.unsure?.filter((u) => u !== id);
  }
  return said.join('；');
}

/**
 * A correction of the case said while the form is open. Questions the new answer opens are asked (the
 * typed form values wait in the application); otherwise the checklist's changes are said and the form
 * goes on where it was.
 */
function correctInForm(deps: TurnDeps, ctx: Ctx, conv: ConversationData, user: UserData, parse: Parse): Reply[] | null {
  if (!conv.bundle || !UNSENT.has(conv.apply?.step ?? '') || !parse.cues.corrects || parse.cues.asks || !deps.apply) return null;
  const changed = changedFacts(compiledBundle(ctx.k, conv.bundle), conv, parse).filter(([id]) => conv.answers[id] !== undefined);
  if (changed.length === 0) return contradicted(ctx, conv, parse);
  const before = buildChecklist(ctx.k, conv.bundle, conv.answers, { today: ctx.today }).bring.map((m) => m.name);
  const said = applyChanges(ctx, conv, changed);
  if (openQuestions(ctx.k, conv.bundle, conv.answers, planOf(conv)).length > 0) {
    conv.mode = 'interview';
    conv.provisional = true;
    return [{ text: `已改：${said}。填好的表格内容都保留着，先补几个问题：` }, ...askNext(ctx, conv, { again: true })];
  }
  const after = buildChecklist(ctx.k, conv.bundle, conv.answers, { today: ctx.today }).bring.map((m) => m.name);
  const d = checklistDiff(before, after);
  conv.shown = after;
  return [{ text: `已改：${said}。\n${diffText(d)}\n我们接着填表：` }, ...deps.apply.again(conv, user)];
}

/**
 * An earlier answer the message rules out (「其实房子有贷款」 against 没有抵押): that question is asked again at once,
 * since the message does not say which of the other options holds. The rest of the case stays.
 */
function contradicted(ctx: Ctx, conv: ConversationData, parse: Parse, settled: [string, AnswerValue][] = []): Reply[] | null {
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const hit = Object.entries(parse.ruledOut ?? {}).find(
    ([id, options]) => conv.answers[id] !== undefined && !settled.some(([s]) => s === id) && options.includes(String(conv.answers[id])),
  );
  const q = hit ? findQuestion(cb, hit[0]) : undefined;
  if (!q) return null;
  const was = answerLabel(q, conv.answers[q.id]!);
  if (conv.mode === 'done') conv.provisional = true;
  return change(ctx, conv, '', q.id, `您前面答的是「${q.topic}：${was}」，和刚才说的对不上，这一项重新确认一下：`);
}

function hypothetical(ctx: Ctx, conv: ConversationData, changed: [string, AnswerValue][]): Reply[] {
  const cb = compiledBundle(ctx.k, conv.bundle!);
  const after = { ...conv.answers, ...Object.fromEntries(changed) };
  const a = buildChecklist(ctx.k, conv.bundle!, conv.answers, { today: ctx.today });
  const b = buildChecklist(ctx.k, conv.bundle!, after, { today: ctx.today });
  const d = checklistDiff(
    a.bring.map((m) => m.name),
    b.bring.map((m) => m.name),
  );
  const cond = changed.map(([id, v]) => `${findQuestion(cb, id)!.topic}是「${answerLabel(findQuestion(cb, id)!, v)}」`).join('、');
  const fee = (c: typeof a) => c.charges.lines.map((l) => `${l.name}${l.display}`).join('、');
  const lines = [`如果${cond}：`];
  if (d.added.length === 0 && d.removed.length === 0) lines.push('要带的材料不变。');
  d.added.forEach((n) => {
    lines.push(`＋ 要多带：${n}`);
  });
  d.removed.forEach((n) => {
    lines.push(`－ 不用带：${n}`);
  });
  if (fee(a) !== fee(b)) lines.push(`费用会变成：${fee(b) || '不收费'}`);
  lines.push(`（只是假设，您的回答没有改。真是这样的话，说「修改 ${findQuestion(cb, changed[0]![0])!.topic}」。）`);
  return [{ text: lines.join('\n'), actions: [WORDS.change, WORDS.checklist, WORDS.apply] }];
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
  const { asks, corrects } = parse.cues;
  if (parse.cues.asksWhy) return askNext(ctx, conv, { why: true, again: true });
  if (tapped === undefined && (isUnsure(text) || parse.signal === 'unknown')) return unsure(ctx, conv, q);
  if (tapped === undefined && wrongUnit(q, text)) parse = { ...parse, answer: undefined };
  // facts for other questions said instead of this answer are taken as such, and this question asked again
  const open = new Set(openQuestions(ctx.k, conv.bundle!, conv.answers, { ...planOf(conv), withFees: true, skipOtherParty: false }).map((x) => x.id));
  const volunteers = Object.keys(parse.answers).some((id) => id !== q.id && open.has(id));
  const near = tapped === undefined && parse.answer === undefined && !asks && !volunteers ? nearOption(q, text) : undefined;
  // a question is never recorded as an answer (「个体户也要刻章吗」 is not 刻章：是)
  const a = tapped ?? (asks ? undefined : parse.answer);
  // another need (「我还想开个公司」 at the buyer's type, 「对了…上户口怎么办」): asked first, this case kept, and
  // before its words are taken as facts of this case (开个公司 is not 买方：单位). 「还想/另外/顺便」 says so even
  // where the words could answer; a need stated plainly only where they answer nothing. 咋办/怎么办 asks how and
  // states no need, and a question this bundle's FAQ answers stays in the case (「房产证丢了咋办」)
  if (tapped === undefined && parse.bundle && parse.bundle !== conv.bundle && parse.bundleConfidence >= BUNDLE_SURE) {
    // a question leaves the case only for a bundle it names (「孩子要不要一起去」 asks who comes, 「上户口怎么办」 names 出生)
    const plainNeed =
      a === undefined &&
      near === undefined &&
      parse.cues.statesNeed &&
      !(asks && (!parse.bundleNamed || matchFaq(deps.k, conv.bundle!, text, conv.answers, ctx.today)));
    if (parse.cues.anotherNeed || plainNeed) return startOrSwitch(ctx, conv, parse.bundle, parse.answers);
  }
  // an earlier answer corrected while this question is on screen (「等等，其实没满五年」): changed, then on.
  // Only when the user says they are correcting: 「我还想开个公司」 states a new need, not 卖方类型：单位.
  // An answer to this question said in the same breath is kept with it
  if (tapped === undefined && corrects && !asks) {
    const corrected = changedFacts(compiledBundle(ctx.k, conv.bundle!), conv, parse).filter(([id]) => conv.answers[id] !== undefined);
    if (corrected.length > 0) return correct(ctx, conv, a !== undefined && !outOfRange(q, a) ? [...corrected, [q.id, a]] : corrected);
    // 「其实房子有贷款」 rules out 没有抵押 without saying which other option holds: that question again
    const reopened = contradicted(ctx, conv, parse);
    if (reopened) return reopened;
  }
  if (a !== undefined) {
    const bad = outOfRange(q, a);
    if (bad) return [{ text: `${bad}这一题还没记下。` }, ...askNext(ctx, conv, { again: true })];
    // a tapped button says that answer only: its label's words are not facts for other questions
    return record(ctx, conv, q, a, tapped !== undefined ? {} : parse.answers);
  }
  if (near === 'ambiguous') return [{ text: '没能确定您选的是哪一个，请点选或回复序号。' }, ...askNext(ctx, conv, { again: true })];
  if (near) return [{ text: `按「${near.label}」记下了（不对可说「上一步」）。` }, ...record(ctx, conv, q, near.id, parse.answers)];
  // a contradiction said without 「其实」 (「房子还有贷款没还完」) while nothing answers this question
  if (tapped === undefined && !asks) {
    const reopened = contradicted(ctx, conv, parse);
    if (reopened) return reopened;
  }
  // 「租的门面」 said after 经营场所 was answered 不清楚: the fact settles it, and its lines lose 如不确定请带上
  const settled = asks ? [] : Object.entries(parse.answers).filter(([id]) => conv.unsure?.includes(id));
  if (settled.length > 0) {
    const differs = settled.filter(([id, v]) => JSON.stringify(conv.answers[id]) !== JSON.stringify(v));
    if (differs.length > 0) return correct(ctx, conv, differs);
    conv.unsure = conv.unsure!.filter((u) => !settled.some(([id]) => id === u));
    const cb = compiledBundle(ctx.k, conv.bundle!);
    const said = settled.map(([id, v]) => `${findQuestion(cb, id)!.topic}：${answerLabel(findQuestion(cb, id)!, v)}`).join('；');
    return [{ text: `已记下 ${said}（不再标「如不确定请带上」）。这一题还没回答，我们接着来：` }, ...askNext(ctx, conv, { again: true })];
  }
  const likely = conv.suggested?.[q.id];
  if (likely !== undefined && q.type === 'single' && parse.cues.plainYes) return record(ctx, conv, q, likely, {});
  if (BARE_YES_NO.test(text))
    return [
      {
        text:
          q.options || q.labels
            ? '没能理解您的回答：这个问题要从下面选一个，请点选或回复序号。'
            : '没能理解您的回答：这个问题需要您直接填写，格式见下面的提示。',
      },
      ...askNext(ctx, conv, { again: true }),
    ];
  const topic = faqTopicOf(text, parse.intent.name) ?? (asks ? 'asked' : null);
  if (topic) {
    return [
      { text: answerTopic(deps.k, conv.bundle!, topic, conv.answers, ctx.today, text) },
      { text: '这一题还没回答，我们接着来：' },
      ...askNext(ctx, conv, { again: true }),
    ];
  }
  if (Object.keys(parse.answers).some((id) => conv.answers[id] === undefined)) {
    const r = absorb(ctx, conv, parse.answers);
    if (r) return r;
  }
  if (parse.outOfScope && parse.cues.seeksService) {
    return [{ text: '这件事不在我能办的十件事里，可以拨打 12345 咨询。这一题还没回答，我们接着刚才的问题：' }, ...askNext(ctx, conv, { again: true })];
  }
  return [{ text: `抱歉，没能理解您的回答。答不上来可以说「${UNSURE}」。` }, ...askNext(ctx, conv, { why: true, again: true })];
}

/** 「不清楚」: the cautious reading (its lines marked 如不确定请带上), or the question left to the window. */
function unsure(ctx: Ctx, conv: ConversationData, q: CompiledQuestion): Reply[] {
  // what the user said earlier, read but not sure enough to record (在外省医院生的), beats any guess
  const likely = conv.suggested?.[q.id];
  if (likely !== undefined) {
    conv.unsure = [...new Set([...(conv.unsure ?? []), q.id])];
    return [
      { text: `没关系，「${q.topic}」先按您前面说的算（${answerLabel(q, likely)}），相关材料会标「如不确定请带上」。` },
      ...record(ctx, conv, q, likely, {}),
    ];
  }
  const v = cautiousAnswer(ctx.k, conv.bundle!, conv.answers, q, ctx.today);
  if (v === undefined) {
    conv.skipped = [...new Set([...(conv.skipped ?? []), q.id])];
    return [{ text: `没关系，「${q.topic}」先跳过，清单上会注明待窗口确认。` }, ...askNext(ctx, conv)];
  }
  conv.unsure = [...new Set([...(conv.unsure ?? []), q.id])];
  return [{ text: `没关系，「${q.topic}」先按要带材料最全的情况算（${answerLabel(q, v)}），相关材料会标「如不确定请带上」。` }, ...record(ctx, conv, q, v, {})];
}

async function command(deps: TurnDeps, ctx: Ctx, cmd: Command, conv: ConversationData, user: UserData, text: string, parse: Parse): Promise<Reply[] | null> {
  switch (cmd.kind) {
    case 'erase':
      return askErase(conv, user);
    case 'withdraw':
      return withdrawConsent(user);
    case 'restart': {
      if (!hasCase(conv)) {
        clearHand(conv);
        return [greeting(ctx.k)];
      }
      // nothing deletes a case without the user's yes
      conv.confirm = { kind: 'restart' };
      const n = Object.keys(conv.answers).length;
      const name = ctx.k.bundles.get(conv.bundle!)!.name;
      return [
        {
          text: `重新开始会清空「${name}」已回答的${n}个问题${conv.mode === 'done' ? '和清单' : ''}，确定吗？\n1. ${WORDS.confirmRestart}\n2. ${WORDS.keep}`,
          actions: [WORDS.confirmRestart, WORDS.keep],
        },
      ];
    }
    case 'greet':
      if (conv.mode === 'interview') return [{ text: '您好！我们接着刚才的问题：' }, ...askNext(ctx, conv, { again: true })];
      return [greeting(ctx.k)];
    case 'thanks':
      return conv.mode === 'interview' ? [{ text: '不客气！' }, ...askNext(ctx, conv, { again: true })] : [{ text: '不客气！还有要办的事随时告诉我。' }];
    case 'help':
      return [helpText(conv.mode === 'interview')];
    case 'handover': {
      conv.handover = { at: new Date().toISOString(), reason: text };
      const said = await deps.onHandover?.(conv, text);
      if (said && said.length > 0) return said;
      return [{ text: '已为您转接人工服务，工作人员会在这里尽快回复您（工作日 9:00-17:00）。着急的话也可以拨打 12345 热线。您之前的回答都保留着。' }];
    }
    case 'waiting': {
      if (conv.handover && !conv.handover.resolved) {
        const mins = Math.max(1, Math.round((Date.now() - Date.parse(conv.handover.at)) / 60000));
        return [
          {
            text: `您已在等人工，约${mins}分钟了，还没有工作人员接手（工作日 9:00-17:00 有人值守）。着急的话请拨打 12345 热线。等待时也可以接着问我，您的回答都保留着。`,
          },
        ];
      }
      return [{ text: '我在。' }, ...resumeHand(ctx, conv)];
    }
    case 'back':
      if (conv.mode === 'apply') return null;
      return back(ctx, conv);
    case 'change':
      if (conv.mode === 'apply') return null;
      return change(ctx, conv, cmd.target);
    case 'why':
      return conv.mode === 'interview' ? askNext(ctx, conv, { why: true, again: true }) : null;
    case 'checklist':
      if (conv.mode === 'apply' && conv.bundle) {
        const { parts } = checklistOf(ctx, conv);
        return [...parts.map((t) => ({ text: t })), { text: '申请还没提交，请接着回答上面的问题。' }];
      }
      if (!conv.bundle) return [{ text: '请先告诉我您要办什么事，回答几个问题后就能看到清单。' }, greeting(ctx.k)];
      if (conv.mode === 'interview') {
        // 「那卖方要带啥」: that party's lines first, the other's apart
        const asked = parse.cues.partyMaterials;
        const { parts } = checklistOf(ctx, conv, asked ? (asked === 'seller' ? '卖' : '买') : conv.party);
        return [
          { text: '按目前的回答，清单如下（还有问题没回答，部分材料要看您的情况）：' },
          ...parts.map((t) => ({ text: t })),
          { text: '我们接着来：' },
          ...askNext(ctx, conv, { again: true }),
        ];
      }
      conv.shown = undefined;
      return finish(
        ctx,
        conv,
        conv.provisional && openQuestions(ctx.k, conv.bundle, conv.answers, planOf(conv)).length > 0
          ? { open: openQuestions(ctx.k, conv.bundle, conv.answers, planOf(conv)).length, maybe: [] }
          : undefined,
      );
    case 'apply':
      if (!conv.bundle) return [{ text: '请先告诉我您要办什么事。' }];
      if (conv.mode === 'interview') return [{ text: '还有几个问题没回答，答完就可以申请了。' }, ...askNext(ctx, conv, { again: true })];
      if (!deps.apply) return [{ text: '在线申请暂未开通，请带齐清单上的材料到窗口办理。' }];
      return deps.apply.start(conv, user);
    case 'other':
      // the case in hand is put aside, not dropped: 「回到…」 takes it up again
      putAside(conv);
      return [greeting(ctx.k)];
    case 'cases':
      return [listCases(ctx.k, conv)];
    case 'resume': {
      const id = caseNamed(ctx.k, conv, cmd.target, parse.bundle);
      if (!id)
        return conv.bundle && (cmd.target.includes(ctx.k.bundles.get(conv.bundle)!.name.replace(/一件事$/, '')) || parse.bundle === conv.bundle)
          ? resumeHand(ctx, conv)
          : null;
      resume(conv, id);
      return [{ text: `回到「${ctx.k.bundles.get(id)!.name}」，之前的回答都在。` }, ...resumeHand(ctx, conv)];
    }
    case 'continue':
      if (!conv.bundle || conv.mode === 'apply') return null;
      conv.otherPartyLater = false;
      if (openQuestions(ctx.k, conv.bundle, conv.answers, planOf(conv)).length === 0) return resumeHand(ctx, conv);
      conv.mode = 'interview';
      return askNext(ctx, conv, { again: true });
    case 'fees':
      if (!conv.bundle) return null;
      conv.withFees = true;
      if (conv.mode === 'apply') return null;
      if (openQuestions(ctx.k, conv.bundle, conv.answers, planOf(conv)).length === 0)
        return [{ text: answerTopic(deps.k, conv.bundle, 'fees', conv.answers, ctx.today) }];
      conv.mode = 'interview';
      return askNext(ctx, conv, { again: true });
    case 'party': {
      if (!conv.bundle) return null;
      const parties = partiesOf(compiledBundle(ctx.k, conv.bundle));
      if (!parties.includes(cmd.party)) return null;
      conv.party = cmd.party;
      const other = parties.find((p) => p !== cmd.party)!;
      conv.otherPartyLater = true;
      const lead = `好的，您是${cmd.party}方：先问您这边的情况，${other}方的问题留给${other}方（清单上列为「请${other}方准备」，也可以说「${WORDS.continue}」替${other}方回答）。`;
      if (conv.mode === 'done') return [{ text: lead }, ...finish(ctx, { ...conv, shown: undefined } as ConversationData)];
      return [{ text: lead }, ...askNext(ctx, conv, { again: true })];
    }
    case 'progress':
      if (!deps.apply) return [{ text: '进度查询暂未开通，请拨打 12345 查询。' }];
      return deps.apply.progress(cmd.caseNo, conv, user);
    case 'documents':
      return documentsCommand(deps.apply, ctx, conv, user);
    case 'rate':
      if (!deps.apply) return [{ text: '评价功能暂未开通。' }];
      if (conv.mode === 'apply' && (conv.apply?.step === 'rating' || conv.apply?.step === 'comment')) return null;
      return deps.apply.rate(conv, user);
  }
}
