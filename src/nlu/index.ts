import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import nodejieba from 'nodejieba';
import { loadJieba } from './jieba.js';
import type { Knowledge } from '../knowledge/load.js';
import type { AnswerValue } from '../knowledge/expr/index.js';
import type { BundleId, Question } from '../knowledge/schema/index.js';
import { answerQuestion as answerFor, useKin } from './answers.js';
import { readVocab } from './vocab.js';
import { AliasEvidence, combine, features, NaturalClassifier, type ClassifierKind, type Scores } from './classify.js';
import { OUT_OF_SCOPE, readEvidence, readExamples, readIntentPatterns, type Label } from './data.js';
import { findEntities, publicEntity, type Entity } from './entities.js';
import { clauseAsks, readFacts, type Fact } from './facts.js';
import { ruledOut } from './contradicts.js';
import { readPlaces } from './places.js';
import { readPointers, type Pointer } from './pointers.js';
import { calibrate, readThresholds, type Thresholds } from './thresholds.js';
import { Lexicon } from './lexicon.js';
import { normalize } from './text.js';
import { ASKS_BACK, cuesOf, type Cues } from './cues.js';
import { alternation } from '../util/regexp.js';

export type { Entity } from './entities.js';
export type { Fact } from './facts.js';
export type { Pointer } from './pointers.js';
export type { Thresholds } from './thresholds.js';
export type { Cues } from './cues.js';
export type IntentName =
  | 'greet'
  | 'thanks'
  | 'help'
  | 'restart'
  | 'back'
  | 'change'
  | 'checklist'
  | 'fees'
  | 'place'
  | 'duration'
  | 'presence'
  | 'apply'
  | 'progress'
  | 'rate'
  | 'handover'
  | 'inform'
  | 'out_of_scope';

export interface ParseContext {
  bundle?: BundleId | null;
  question?: Question | null;
}
/**
 * What the understanding reads from one message: the one contract between src/nlu and src/bot
 * (src/bot/types.ts re-exports it as Parse). Fields are only ever added.
 */
export interface ParseResult {
  text: string;
  intent: { name: IntentName; confidence: number };
  bundle: BundleId | null;
  /** calibrated: among messages read at 0.9, about nine in ten are that bundle */
  bundleConfidence: number;
  candidates: { bundle: BundleId; confidence: number }[];
  outOfScope: boolean;
  entities: Entity[];
  /** the facts read for sure (recorded): question id → value */
  answers: Record<string, AnswerValue>;
  /** the answer to the question on screen, when the reply gives one for sure */
  answer?: AnswerValue;
  changeTarget?: string;
  /** every fact read, with its party and confidence, the sure ones and the likely ones */
  facts?: Fact[];
  /** likely values not sure enough to record: ask the question with this offered first */
  suggestions?: Record<string, AnswerValue>;
  /**
   * What a short reply says about the conversation rather than the question: 不知道/不清楚 (unknown: the
   * citizen cannot say), 我说错了 (correction: the last answer was wrong), 我不卖了/不办了 (withdraw).
   */
  signal?: 'unknown' | 'correction' | 'withdraw';
  /** a service next to the ten bundles: where to go instead (outOfScope is true) */
  pointer?: Pointer;
  /**
   * the bundle is named by one of its own names or aliases (上户口, 卖房), not only read from words it shares
   * with others (孩子): a question mid-case leaves the case only for a bundle it names
   */
  bundleNamed?: boolean;
  /** what the message says about the conversation: corrects, supposes, adds a need, asks (src/nlu/cues.ts) */
  cues: Cues;
  /**
   * options the message rules out, by question (「房子有贷款」 rules out 没有抵押): an earlier answer among
   * them is contradicted and asked again
   */
  ruledOut?: Record<string, string[]>;
}
export interface Nlu {
  parse(text: string, ctx?: ParseContext): ParseResult;
  /** the calibrated bars the bot acts on (knowledge/nlu/thresholds.yaml) */
  thresholds: Thresholds;
}

export interface NluOptions {
  /** which classifier from natural scores the bundles, or none (alias evidence only) */
  classifier?: ClassifierKind | 'none';
  /** how much one character of a matched alias multiplies its bundle's score */
  aliasWeight?: number;
  /** how much each word the training never saw raises the out-of-scope score */
  unknownWeight?: number;
  /** logistic regression only: features seen fewer times are dropped (its training is dense and slow) */
  minCount?: number;
  /** where knowledge/nlu lives (the knowledge root by default) */
  root?: string;
  /** false: confidences are the raw scores, not put through the fitted curve (to fit the curve itself) */
  calibrated?: boolean;
  /** training lines instead of knowledge/nlu/train (cross-validation passes folds of it) */
  examples?: { text: string; label: Label }[];
}

/**
 * The top bundle must reach this raw score for `bundle` to be set at all; the bot asks between candidates
 * below its own bar. Not refitted by scripts/cv-nlu.ts --calibrate: the cut that decides most fold lines right
 * (0.5) turns short ambiguous words (执照, 公积金) out of scope instead of offering the candidates.
 */
export const BUNDLE_MIN = 0.3;
/** questions about a bundle: without one named (here or in the conversation) they are out of scope */
const QUESTION_INTENTS = new Set<IntentName>(['fees', 'place', 'duration', 'presence', 'checklist']);

const inserted = new Set<string>();
function teach(words: Iterable<string>): void {
  for (const w of words) {
    if (inserted.has(w) || w.length < 2 || /\s/.test(w)) continue;
    nodejieba.insertWord(w);
    inserted.add(w);
  }
}

/** The words of the knowledge itself: bundle aliases and names, question words, materials, items, terms. */
function domainWords(k: Knowledge, root: string): string[] {
  const words: string[] = [];
  for (const b of k.bundles.values()) words.push(b.name, b.name.replace(/一件事$/, ''), ...(b.fullName ? [b.fullName] : []), ...b.aliases);
  for (const d of k.dialogs.values()) {
    for (const q of d.questions) {
      words.push(q.topic, ...q.yesWords, ...q.noWords);
      for (const o of q.options ?? []) words.push(o.label.replace(/[（(].*?[)）]/g, ''), ...o.synonyms);
    }
  }
  for (const m of k.materials.values()) words.push(m.name.replace(/[（(].*?[)）]/g, ''));
  for (const i of k.items.values()) words.push(i.name.replace(/[（(].*?[)）]/g, ''));
  for (const d of k.departments.values()) if (d.short) words.push(d.short);
  words.push(...readTerms(root).terms);
  return [...new Set(words.map((w) => normalize(w)).filter((w) => w.length >= 2 && w.length <= 10))];
}

function readTerms(root: string): { terms: string[]; english: Record<string, string> } {
  return parseYaml(readFileSync(join(root, 'knowledge', 'nlu', 'terms.yaml'), 'utf8')) as { terms: string[]; english: Record<string, string> };
}

/** English words of the glossary, longest phrase first, as whole words only. */
function glossary(english: Record<string, string>): (text: string) => string {
  const keys = Object.keys(english).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return (t) => t;
  const re = new RegExp(`(?<![a-z])(${alternation(keys)})(?![a-z])`, 'g');
  return (t) => (/[a-z]/.test(t) ? t.replace(re, (m) => english[m]!) : t);
}

/** Lines the knowledge already holds about each bundle: its names, aliases, summary, items and outputs. */
function knowledgeExamples(k: Knowledge): { text: string; label: Label }[] {
  const out: { text: string; label: Label }[] = [];
  for (const b of k.bundles.values()) {
    const lines = [b.name, b.fullName ?? '', b.summary, ...b.aliases, ...b.outputs];
    for (const ref of b.items) {
      const it = k.items.get(ref.item);
      if (it) lines.push(it.name, it.summary ?? '');
    }
    for (const t of lines) if (t) out.push({ text: t, label: b.id });
  }
  return out;
}

function longestCommon(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let n = 0;
      while (a[i + n] !== undefined && a[i + n] === b[j + n]) n++;
      if (n > best) best = n;
    }
  }
  return best;
}

export function createNlu(k: Knowledge, opts: NluOptions = {}): Nlu {
  const root = opts.root ?? k.root;
  const kind = opts.classifier ?? 'bayes';
  const aliasWeight = opts.aliasWeight ?? 2;
  const unknownWeight = opts.unknownWeight ?? 3;
  loadJieba();
  const vocabulary = domainWords(k, root);
  teach(vocabulary);
  const lexicon = new Lexicon(vocabulary);
  const translate = glossary(readTerms(root).english ?? {});
  const patterns = readIntentPatterns(root);
  const places = readPlaces(root);
  const pointers = readPointers(root);
  const vocab = readVocab(root);
  useKin(vocab.kin);
  const thresholds: Thresholds = readThresholds(root);
  const strong = readEvidence(root);
  const aliases = new AliasEvidence(
    [...k.bundles.values()].map((b) => [b.id, [b.name, b.name.replace(/一件事$/, ''), ...b.aliases].map(normalize)] as [BundleId, string[]]),
  );

  const prepare = (raw: string) => {
    const norm = lexicon.unspell(translate(normalize(raw)));
    const first = nodejieba.cut(norm);
    const fixed = lexicon.correct(norm, first);
    const tokens = fixed.fixes.length > 0 ? nodejieba.cut(fixed.text) : first;
    // the words inside a compound domain word (公司 in 开公司, 注册公司): without them a word two bundles
    // share looks like the one bundle's whose lines happen to write it on its own
    const parts = tokens.filter((t) => t.length >= 3 && lexicon.terms.has(t)).flatMap((t) => nodejieba.cutForSearch(t).filter((w) => w.length >= 2 && w !== t));
    return { text: fixed.text, before: norm, tokens, parts, words: new Set(tokens) };
  };

  const clf = kind === 'none' ? null : new NaturalClassifier(kind, opts.minCount);
  /** the classifier's features, and those of the tokens alone (the inner words of compounds are never "unknown") */
  const featuresOf = ({ tokens, parts }: ReturnType<typeof prepare>) => {
    const own = features(tokens);
    return { all: parts.length > 0 ? features(tokens, parts) : own, own };
  };
  const docs = [...(opts.examples ?? readExamples(root, 'train')), ...knowledgeExamples(k)].map((e) => ({
    label: e.label,
    features: featuresOf(prepare(e.text)).all,
  }));
  clf?.train(docs);
  // which bundle each feature speaks for: seen in at least two of its lines, and mostly in its lines
  const support = new Map<string, Label>();
  {
    const df = new Map<string, Map<Label, number>>();
    for (const d of docs)
      for (const f of d.features) {
        const m = df.get(f) ?? new Map<Label, number>();
        m.set(d.label, (m.get(d.label) ?? 0) + 1);
        df.set(f, m);
      }
    for (const [f, m] of df) {
      const total = [...m.values()].reduce((a, b) => a + b, 0);
      const [label, n] = [...m].sort((a, b) => b[1] - a[1])[0]!;
      if (n >= 2 && n / total >= 0.6) support.set(f, label);
    }
  }
  const labels = [...new Set(docs.map((d) => d.label))];

  /** the bundles the text names: aliases (also before the typo tolerance rewrote them) and strong patterns */
  const evidenceOf = ({ text, before }: ReturnType<typeof prepare>): Map<BundleId, number> => {
    const evidence = aliases.find(text);
    // patterns as strong as a name (公司要卖一个门面房 is a property sale): knowledge/nlu/evidence.yaml
    for (const p of strong) if (p.words.test(text)) evidence.set(p.bundle, Math.max(evidence.get(p.bundle) ?? 0, p.weight));
    // a name said outright stays evidence even when the typo tolerance rewrote it
    if (before !== text) for (const [b, n] of aliases.find(before)) evidence.set(b, Math.max(evidence.get(b) ?? 0, n));
    return evidence;
  };

  const score = (prepared: ReturnType<typeof prepare>, evidence: Map<BundleId, number>): Scores => {
    const { all: feats, own } = featuresOf(prepared);
    const base: Scores = clf ? clf.scores(feats) : new Map(labels.map((l) => [l, l === OUT_OF_SCOPE ? 0.5 : 0.5 / (labels.length - 1)]));
    // words no example ever used point away from the ten bundles (护照, 居住证, 彩礼): the classifier
    // itself ignores them, so they are counted here
    const unknown = clf ? own.filter((f) => !f.startsWith('~') && !clf.known.has(f)).length : 0;
    if (unknown > 0) base.set(OUT_OF_SCOPE, (base.get(OUT_OF_SCOPE) ?? 0) * (1 + unknownWeight) ** unknown);
    // a bundle no word of the text speaks for (only 办, 咋, 孩子 in common) is not a finding
    const backed = new Set(feats.map((f) => support.get(f)).filter((l) => l !== undefined));
    if (clf) for (const [l, p] of base) if (l !== OUT_OF_SCOPE && !backed.has(l) && !evidence.has(l as BundleId)) base.set(l, p * 0.2);
    return combine(base, evidence, aliasWeight);
  };

  const intentOf = (text: string): IntentName | null => {
    for (const [name, res] of patterns) if (res.some((re) => re.test(text))) return name as IntentName;
    return null;
  };

  const changeTargetOf = (text: string, bundle: BundleId | null): string | undefined => {
    const target = text.replace(/^(我要|我想|想|帮我|麻烦)?(修改|更改|改一下|改下|改成|重新选|改)/, '').trim();
    if (!target) return undefined;
    const dialogs = bundle ? [k.dialogs.get(bundle)].filter((d) => d !== undefined) : [...k.dialogs.values()];
    let best: { id: string; n: number } | undefined;
    for (const d of dialogs) {
      for (const q of d.questions) {
        if (q.id === target) return q.id;
        const n = Math.max(longestCommon(target, normalize(q.topic)), longestCommon(target, normalize(q.text)) - 1);
        if (n >= 2 && (!best || n > best.n)) best = { id: q.id, n };
      }
    }
    return best?.id;
  };

  const calibrated = (raw: number) => calibrate(thresholds, raw);
  /** what the result reports: the calibrated confidence, or the raw score when fitting the curve itself */
  const reported = opts.calibrated === false ? (raw: number) => raw : calibrated;
  return {
    thresholds,
    parse(raw: string, ctx: ParseContext = {}): ParseResult {
      const prepared = prepare(raw.slice(0, 1000));
      const { text, words, before } = prepared;
      const found = findEntities(text);
      const evidence = evidenceOf(prepared);
      const scores = score(prepared, evidence);
      const ranked = [...scores].sort((a, b) => b[1] - a[1]);
      const bundles = ranked.filter(([l]) => l !== OUT_OF_SCOPE) as [BundleId, number][];
      const oosScore = scores.get(OUT_OF_SCOPE) ?? 0;
      const top = bundles[0];
      const bundle = top && ranked[0]![0] !== OUT_OF_SCOPE && top[1] >= BUNDLE_MIN ? top[0] : null;

      const forBundle = ctx.bundle ?? bundle;
      const dialog = forBundle ? k.dialogs.get(forBundle) : undefined;
      // facts are read on the Mandarin of the dialect words (俺→我), same length, so the entities' positions hold
      const plain = vocab.standard(text);
      const facts = dialog ? readFacts(dialog.questions, plain, words, found, { current: ctx.question, places, factSure: thresholds.factSure, vocab }) : [];
      const answers: Record<string, AnswerValue> = {};
      const suggestions: Record<string, AnswerValue> = {};
      for (const f of facts) (f.sure ? answers : suggestions)[f.question] = f.value;
      let signal = signalOf(text);
      // 不知道 at a question that offers 不清楚 as an option is that option, not a reply that cannot answer
      const unknownOption = signal === 'unknown' ? ctx.question?.options?.find((o) => /(不清楚|不知道)/.test(o.label))?.id : undefined;
      if (unknownOption) signal = undefined;
      let answer = ctx.question && !signal ? (unknownOption ?? answerFor(ctx.question, plain, words)) : undefined;
      if (ctx.question && answer === undefined && !signal) {
        // read only through a condition or a relation (在深圳交的, 我妈走了): the fact is the answer
        const own = facts.find((f) => f.question === ctx.question!.id && f.sure);
        if (own) answer = own.value;
      } else if (ctx.question && answer !== undefined) {
        // the reply to the question on screen goes through the same scope and conditions as any fact
        const own = facts.find((f) => f.question === ctx.question!.id);
        if (own && !own.sure) {
          suggestions[own.question] = own.value;
          answer = undefined;
        } else if (own) answer = own.value;
        else if (ASKS_BACK.test(text)) {
          suggestions[ctx.question.id] = answer;
          answer = undefined;
        }
      }

      let intent = intentOf(text);
      let confidence = 0.9;
      if (intent === 'greet' && (bundle || Object.keys(answers).length > 0)) intent = null;
      const informs = bundle !== null || answer !== undefined || Object.keys(answers).length > 0;
      if (!intent) {
        intent = informs ? 'inform' : 'out_of_scope';
        confidence = answer !== undefined ? 0.9 : informs ? Math.max(top?.[1] ?? 0, 0.6) : Math.max(oosScore, 1 - (top?.[1] ?? 0));
      }
      const noBundle = bundle === null && answer === undefined && Object.keys(answers).length === 0;
      let outOfScope = intent === 'out_of_scope' || (QUESTION_INTENTS.has(intent) && noBundle && !ctx.bundle);
      // a service next to the bundles (车子过户, 护照): a pointer, unless the reply answers the question on screen
      // read on what was typed too: the typo tolerance would make 二手车 the 二手房 it sounds like
      const saidNear = answer === undefined ? (pointers.find(before) ?? pointers.find(text)) : undefined;
      // facts of the case in hand, even unsure ones (应该是随妈妈落户), keep a plain pointer (落户) away; what a
      // question names (离婚登记要预约吗, 公积金提取租房怎么弄) is no fact of a case and keeps nothing away
      const near = saidNear && (saidNear.firm || !facts.some((f) => !clauseAsks(f.text))) ? saidNear : undefined;
      const pointer = near && (near.firm || outOfScope || calibrated(top?.[1] ?? 0) < thresholds.bundleSure) ? { id: near.id, say: near.say } : undefined;
      if (pointer) {
        outOfScope = true;
        intent = 'out_of_scope';
        // the car's 过户 is not the house's: nothing said about it is a fact of a bundle
        for (const id of Object.keys(answers)) delete answers[id];
        facts.length = 0;
      }

      const result: ParseResult = {
        text: raw,
        intent: { name: intent, confidence: round(confidence) },
        bundle: outOfScope ? null : bundle,
        bundleConfidence: round(outOfScope ? 0 : reported(top?.[1] ?? 0)),
        // the curve is fitted on the top bundle (is it the right one?); the others keep their ratio to it
        candidates: bundles
          .slice(0, 3)
          .map(([b, c], i) => ({ bundle: b, confidence: round(i === 0 || !top || top[1] === 0 ? reported(c) : (c * reported(top[1])) / top[1]) })),
        outOfScope,
        entities: found.map(publicEntity),
        answers,
        facts,
        suggestions,
        cues: cuesOf(raw),
      };
      if (signal) result.signal = signal;
      if (pointer) result.pointer = pointer;
      if (result.bundle && evidence.has(result.bundle)) result.bundleNamed = true;
      const excluded = dialog && !pointer ? ruledOut(dialog.questions, text, { ...suggestions, ...answers }) : {};
      if (Object.keys(excluded).length > 0) result.ruledOut = excluded;
      if (ctx.question && answer !== undefined) {
        result.answer = answer;
        if (ctx.question.type === 'single' || ctx.question.type === 'multi') result.entities.push({ type: 'option', value: answer, text: raw.trim() });
      }
      if (intent === 'change') {
        const t = changeTargetOf(text, ctx.bundle ?? bundle);
        if (t) result.changeTarget = t;
      }
      return result;
    },
  };
}

const SIGNALS: [RegExp, NonNullable<ParseResult['signal']>][] = [
  // 不清楚有没有, 这个我也不太清楚: what is not known is the answer itself, whatever it is about
  [
    /^(这个|那个)?(我|俺)?(也|都|真)?(不知道|不清楚|不记得|记不清|记不得|说不上来|搞不清|不晓得|不太清楚|不确定|忘了)(了|啊|呢|呀)?(有没有|是不是|多少|几年|啥时候|什么时候)?(了|啊|呢|呀)?$/,
    'unknown',
  ],
  [/(说错了|搞错了|答错了|选错了|写错了|不对不对|刚才不对)/, 'correction'],
  [/^(我|俺)?(不卖了|不买了|不办了|不弄了|算了不办了|先不办了|不想办了)/, 'withdraw'],
];
function signalOf(text: string): ParseResult['signal'] {
  const t = text.replace(/[\s,.!?~]+$/g, '');
  for (const [re, s] of SIGNALS) if (re.test(t)) return s;
  return undefined;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** The answer to one question read from a reply, by question type (options' synonyms, ranges, numbers, yes/no). */
export function answerQuestion(q: Question, text: string): AnswerValue | undefined {
  return answerFor(q, text);
}
