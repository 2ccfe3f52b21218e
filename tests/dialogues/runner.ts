import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { handleText, type TurnDeps } from '../../src/bot/turn.js';
import { newConversation, newUser, type ConversationData, type UserData } from '../../src/bot/types.js';
import { compiledBundle, findQuestion, randomAnswer, rng } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import { loadKnowledge, type CompiledQuestion, type Knowledge } from '../../src/knowledge/load.js';
import { BUNDLE_IDS, type BundleId } from '../../src/knowledge/schema/index.js';
import { typed } from '../bot/chat-helper.js';
import { createNlu } from '../../src/nlu/index.js';

/** The day every dialogue runs on, so dated fees and rules give the same answers each run. */
export const TODAY = '2026-11-28';

/**
 * One turn of a written dialogue. `say` is what the person types; `rest` answers every remaining
 * question by tapping its first choice (or a plausible number) until a checklist comes.
 * Checks: `has` (every string appears in the replies), `not` (none appears), `mode`, `bundle`,
 * `same` (the same question is asked again, with the same number), `kind` (what the turn is, counted
 * by the evaluation: opening, side, followup, correction; greeting: a hello before the need, not counted).
 */
export interface Turn {
  say?: string;
  rest?: boolean;
  has?: string[];
  not?: string[];
  mode?: ConversationData['mode'];
  bundle?: BundleId;
  same?: boolean;
  kind?: 'opening' | 'side' | 'followup' | 'correction' | 'greeting';
}
export interface Dialogue {
  id: string;
  /** who speaks and how: colloquial, typos, dialect, voice run-on, operator, buyer… */
  note?: string;
  turns: Turn[];
  /** the final checklist: materials that must (and must not) be listed in the last checklist shown */
  checklist?: { has?: string[]; not?: string[] };
  /** answers the case must hold at the end (question id → value) */
  answers?: Record<string, AnswerValue>;
}

const HERE = dirname(fileURLToPath(import.meta.url));

export function readCorpus(dir = join(HERE, 'corpus')): (Dialogue & { file: string })[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => (parseYaml(readFileSync(join(dir, f), 'utf8')) as Dialogue[]).map((d) => ({ ...d, file: f })));
}

let world: { k: Knowledge; nlu: TurnDeps['nlu'] } | undefined;
export function realWorld(): { k: Knowledge; nlu: TurnDeps['nlu'] } {
  world ??= (() => {
    const k = loadKnowledge();
    return { k, nlu: createNlu(k) };
  })();
  return world;
}

function plausible(q: CompiledQuestion): AnswerValue {
  if (q.type === 'yesno') return false;
  if (q.type === 'single') return q.options![0]!.id;
  if (q.type === 'multi') return [];
  if (q.type === 'date') return '2026-10-01';
  if (q.type === 'text') return '张三';
  const fallback = q.type === 'money' ? 1_200_000 : q.type === 'area' ? 89.5 : 2;
  return Math.min(q.max ?? Infinity, Math.max(q.min ?? 0, fallback));
}

export interface TurnResult {
  said: string;
  texts: string[];
  all: string;
  conv: ConversationData;
}

/** One conversation over the real bot turn (knowledge, understanding, state in memory). */
export class Session {
  conv: ConversationData = newConversation();
  user: UserData = newUser();
  /** questions asked before the first checklist */
  asked = 0;
  firstChecklistAt: number | null = null;
  constructor(readonly deps: TurnDeps) {}

  question(): CompiledQuestion | undefined {
    if (this.conv.mode !== 'interview' || !this.conv.bundle || !this.conv.current) return undefined;
    return findQuestion(compiledBundle(this.deps.k, this.conv.bundle), this.conv.current);
  }

  /** the buttons of the last reply */
  actions: string[] = [];

  async say(text: string): Promise<TurnResult> {
    const before = this.conv.current;
    const replies = await handleText(this.deps, text, this.conv, this.user);
    this.actions = replies.at(-1)?.actions ?? [];
    const texts = replies.map((r) => r.text);
    const all = texts.join('\n');
    if (this.firstChecklistAt === null) {
      if (all.includes('【材料清单】')) this.firstChecklistAt = this.asked;
      else if (this.conv.mode === 'interview' && this.conv.current && (this.conv.current !== before || /（第\d+题/.test(all))) {
        if (this.conv.current !== before) this.asked++;
      }
    }
    return { said: text, texts, all, conv: this.conv };
  }

  /** Taps through the remaining questions (first choices, or `pick`), until a checklist or a limit. */
  async rest(pick: (q: CompiledQuestion) => AnswerValue = plausible): Promise<TurnResult[]> {
    const out: TurnResult[] = [];
    for (let i = 0; i < 60; i++) {
      const q = this.question();
      if (!q) break;
      // a choice tapped as a person does: the first button (a likely value is offered there)
      const tap = pick === plausible && q.type === 'single' && q.options!.some((o) => o.label === this.actions[0]) ? this.actions[0] : undefined;
      out.push(await this.say(tap ?? typed(q, pick(q))));
    }
    return out;
  }
}

export function deps(): TurnDeps {
  const { k, nlu } = realWorld();
  return { k, nlu, today: () => TODAY };
}

/** Every case the conversation holds, by bundle, with how many answers it has. */
function holdings(c: ConversationData): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of c.cases ?? []) m.set(x.bundle, Object.keys(x.answers).length);
  if (c.bundle && (Object.keys(c.answers).length > 0 || c.mode === 'done')) m.set(c.bundle, Object.keys(c.answers).length);
  return m;
}

export interface DialogueOutcome {
  id: string;
  file: string;
  failures: string[];
  counts: { openings: number; openingsTaken: number; followups: number; followupsKept: number; sides: number; sidesAnswered: number; wiped: number };
}

const lastChecklist = (texts: string[]): string | undefined => {
  const i = texts.map((t) => t.includes('【材料清单】')).lastIndexOf(true);
  return i < 0 ? undefined : texts.slice(i).join('\n');
};

export async function runDialogue(d: Dialogue & { file: string }): Promise<DialogueOutcome> {
  const s = new Session(deps());
  const failures: string[] = [];
  const counts = { openings: 0, openingsTaken: 0, followups: 0, followupsKept: 0, sides: 0, sidesAnswered: 0, wiped: 0 };
  const seen: string[] = [];
  let confirmedRestart = false;
  for (const [i, t] of d.turns.entries()) {
    const held = holdings(s.conv);
    const qBefore = s.conv.current;
    const numBefore = /（第(\d+)题/.exec(seen.filter((x) => /（第\d+题/.test(x)).at(-1) ?? '')?.[1];
    const results = t.rest ? await s.rest() : [await s.say(t.say ?? '')];
    const all = results.map((r) => r.all).join('\n');
    seen.push(...results.flatMap((r) => r.texts));
    const where = `turn ${i + 1}「${t.say ?? 'rest'}」`;
    for (const h of t.has ?? []) if (!all.includes(h)) failures.push(`${where}: reply lacks「${h}」`);
    for (const h of t.not ?? []) if (all.includes(h)) failures.push(`${where}: reply has「${h}」`);
    if (t.mode && s.conv.mode !== t.mode) failures.push(`${where}: mode ${s.conv.mode}, want ${t.mode}`);
    if (t.bundle && s.conv.bundle !== t.bundle) failures.push(`${where}: bundle ${s.conv.bundle ?? 'none'}, want ${t.bundle}`);
    const sameAsked = s.conv.current === qBefore && qBefore !== undefined && (/（第(\d+)题/.exec(all)?.[1] ?? numBefore) === numBefore;
    if (t.same && !sameAsked) failures.push(`${where}: the pending question was not asked again with the same number`);
    const kind = t.kind ?? (i === 0 ? 'opening' : undefined);
    if (kind === 'opening') {
      counts.openings++;
      const want = t.bundle ?? d.turns.find((x) => x.bundle)?.bundle;
      if (s.conv.bundle && (!want || s.conv.bundle === want)) counts.openingsTaken++;
      else if (!want && s.conv.mode === 'choose') counts.openingsTaken++;
      else failures.push(`${where}: opening not taken (bundle ${s.conv.bundle ?? 'none'})`);
    }
    if (kind === 'side') {
      counts.sides++;
      if (sameAsked && !all.includes('没能理解')) counts.sidesAnswered++;
      else failures.push(`${where}: side question not answered with the question kept`);
    }
    if (kind === 'followup' || kind === 'correction') {
      counts.followups++;
      const lost = /（第1题）/.test(all) || s.conv.bundle === undefined;
      if (!lost) counts.followupsKept++;
      else failures.push(`${where}: follow-up lost the case`);
    }
    if (/^(确定重新开始|确定|是|好)$/.test(t.say ?? '') && seen.slice(-results[0]!.texts.length - 4).some((x) => x.includes('重新开始会清空')))
      confirmedRestart = true;
    const after = holdings(s.conv);
    for (const [b, n] of held) {
      if (confirmedRestart) break;
      if (!after.has(b) || after.get(b)! < Math.min(n, 1)) {
        counts.wiped++;
        failures.push(`${where}: case ${b} wiped`);
      }
    }
    confirmedRestart = false;
  }
  if (d.checklist) {
    const text = lastChecklist(seen);
    if (!text) failures.push('no checklist was shown');
    else {
      for (const h of d.checklist.has ?? []) if (!text.includes(h)) failures.push(`final checklist lacks「${h}」`);
      for (const h of d.checklist.not ?? []) if (text.includes(h)) failures.push(`final checklist has「${h}」`);
    }
  }
  for (const [id, v] of Object.entries(d.answers ?? {})) {
    if (JSON.stringify(s.conv.answers[id]) !== JSON.stringify(v))
      failures.push(`answer ${id} is ${JSON.stringify(s.conv.answers[id])}, want ${JSON.stringify(v)}`);
  }
  return { id: d.id, file: d.file, failures, counts };
}

/**
 * Questions asked before the first checklist along `paths` seeded random answer paths per bundle,
 * through the real turn (typed taps), from an opening that names the bundle.
 */
export async function questionsToChecklist(paths = 40): Promise<Map<string, number[]>> {
  const { k } = realWorld();
  const out = new Map<string, number[]>();
  const runs: [string, BundleId, string | undefined][] = BUNDLE_IDS.filter((b) => k.bundles.has(b)).map((b) => [b, b, undefined]);
  // the sale itself, not only a random kind of transfer (inheritance and gifts ask far fewer questions)
  runs.push(['second-hand-house:sale', 'second-hand-house', '我要卖房子，要准备什么']);
  for (const [row, bundle, opening] of runs) {
    const counts: number[] = [];
    for (let p = 0; p < paths; p++) {
      const r = rng(p * 7919 + 1);
      const s = new Session(deps());
      await s.say(opening ?? k.bundles.get(bundle)!.name);
      await s.rest((q) => randomAnswer(q, r, [1, 2, 3, 5, 6, 10, 100, 150]));
      counts.push(s.firstChecklistAt ?? s.asked);
    }
    out.set(
      row,
      counts.sort((a, b) => a - b),
    );
  }
  return out;
}

export const median = (xs: number[]): number =>
  xs.length === 0 ? 0 : xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
