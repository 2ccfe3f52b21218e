import { createRequire } from 'node:module';

/**
 * The two classifiers from natural, required one by one: the package's index loads all of natural
 * (wordnet, storage back-ends that read .env, ...), 1.6 s and 110 MB at start for nothing used here.
 * natural's own type files do not compile under this project's settings; the two classes are typed here.
 */
const requireNatural = createRequire(import.meta.url);
const natural = {
  BayesClassifier: requireNatural('natural/lib/natural/classifiers/bayes_classifier') as new () => unknown,
  LogisticRegressionClassifier: requireNatural('natural/lib/natural/classifiers/logistic_regression_classifier') as new () => unknown,
};
import type { BundleId } from '../knowledge/schema/index.js';
import { OUT_OF_SCOPE, type Label } from './data.js';

export type ClassifierKind = 'bayes' | 'logreg';
export type Scores = Map<Label, number>;

/** Words too common to tell bundles apart; everything else, dialect included, is kept. */
const STOP = new Set(
  '的 了 吗 呢 啊 呀 吧 哦 嘛 哈 么 是 我 你 他 她 它 我们 你们 在 有 和 跟 就 都 也 还 要 想 把 被 给 这 那 个 一 下 一下 请问 请 问 您 能 可以 怎么 怎么办 咋 咋办 啥 什么 如何 需要 一个 现在 然后 因为 所以 但是 不过 哪些 吧 啦 嗯 额 哎 唉 诶 得 地 着 过 呗 咧'.split(
    ' ',
  ),
);

/** Tokens worth classifying on, plus character pairs inside each Chinese run, which survive unseen wordings. */
export function features(tokens: string[], parts: string[] = []): string[] {
  const out: string[] = [];
  for (const t of [...tokens, ...parts]) {
    const w = t.trim();
    if (!w || STOP.has(w) || /^[\p{P}\p{S}\s\d]+$/u.test(w)) continue;
    out.push(w);
  }
  const han = tokens.join('').match(/[\u4e00-\u9fff]{2,}/g) ?? [];
  for (const run of han) for (let i = 0; i + 1 < run.length; i++) out.push(`~${run.slice(i, i + 2)}`);
  return [...new Set(out)];
}

interface NaturalLike {
  features: Record<string, number>;
  addDocument(text: string[], label: string): void;
  train(): void;
  getClassifications(observation: string[]): { label: string; value: number }[];
  textToFeatures(observation: string[]): unknown;
}

/** What natural's Bayes (apparatus underneath) holds after training, with sparse observations. */
interface BayesCounts {
  classFeatures: Record<string, Record<string, number>>;
  classTotals: Record<string, number>;
  totalExamples: number;
  smoothing: number;
}

/**
 * natural's trained Bayes counts turned into one row of log-probabilities per feature. natural scores an
 * observation by walking every label's count object and taking a logarithm per feature and label; the
 * same sums come here from adding precomputed rows. The exponent is taken after subtracting the best
 * label's sum (the distribution is unchanged), so a long message no longer underflows every label to 0.
 */
class BayesTable {
  readonly labels: Label[];
  private logPrior: Float64Array;
  private rows = new Map<string, Float64Array>();
  private sums: Float64Array;
  constructor(counts: BayesCounts) {
    this.labels = Object.keys(counts.classFeatures) as Label[];
    const n = this.labels.length;
    this.logPrior = Float64Array.from(this.labels, (l) => Math.log(counts.classTotals[l]! / counts.totalExamples));
    this.sums = new Float64Array(n);
    const names = new Set<string>();
    for (const l of this.labels) for (const f of Object.keys(counts.classFeatures[l]!)) names.add(f);
    for (const f of names) {
      this.rows.set(
        f,
        Float64Array.from(this.labels, (l) => Math.log((counts.classFeatures[l]![f] || counts.smoothing) / counts.classTotals[l]!)),
      );
    }
  }
  scores(feats: string[]): Scores {
    const sums = this.sums;
    sums.set(this.logPrior);
    for (const f of feats) {
      const row = this.rows.get(f);
      if (row) for (let j = 0; j < sums.length; j++) sums[j]! += row[j]!;
    }
    let max = -Infinity;
    for (const v of sums) if (v > max) max = v;
    let total = 0;
    for (let j = 0; j < sums.length; j++) total += sums[j] = Math.exp(sums[j]! - max);
    // best first, ties in label order, as natural lists them
    const order = this.labels.map((_, j) => j).sort((a, b) => sums[b]! - sums[a]!);
    const out: Scores = new Map();
    for (const j of order) out.set(this.labels[j]!, sums[j]! / total);
    return out;
  }
}

/**
 * A classifier from natural, its scores turned into a distribution over labels. natural turns every
 * observation into a vector as long as the vocabulary; Bayes also takes a sparse observation (an object
 * of feature names), which keeps training cheap, so that is what it gets, and a parse reads its counts
 * from a precomputed table (BayesTable). Logistic regression needs the dense vector: it gets features
 * seen at least `minCount` times, and natural scores it.
 */
export class NaturalClassifier {
  private c: NaturalLike;
  private table?: BayesTable;
  /** features the training saw: an unseen word says nothing to the classifier */
  readonly known = new Set<string>();
  constructor(
    readonly kind: ClassifierKind,
    private minCount = 2,
  ) {
    if (kind === 'bayes') {
      const c = new natural.BayesClassifier() as unknown as NaturalLike;
      c.textToFeatures = (obs: string[]) => Object.fromEntries(obs.filter((f) => f in c.features).map((f, i) => [i, f]));
      this.c = c;
    } else this.c = new natural.LogisticRegressionClassifier() as unknown as NaturalLike;
  }
  train(docs: { features: string[]; label: Label }[]): void {
    // every word of the training is known, also those too rare for logistic regression to be given
    for (const d of docs) for (const f of d.features) this.known.add(f);
    let use = docs;
    if (this.kind === 'logreg') {
      const count = new Map<string, number>();
      for (const d of docs) for (const f of d.features) count.set(f, (count.get(f) ?? 0) + 1);
      use = docs.map((d) => ({ ...d, features: d.features.filter((f) => count.get(f)! >= this.minCount) }));
    }
    for (const d of use) {
      if (d.features.length === 0) continue;
      this.c.addDocument(d.features, d.label);
    }
    this.c.train();
    if (this.kind === 'bayes') this.table = new BayesTable((this.c as unknown as { classifier: BayesCounts }).classifier);
  }
  scores(feats: string[]): Scores {
    if (this.table) return this.table.scores(feats);
    const raw = this.c.getClassifications(feats);
    const total = raw.reduce((s, r) => s + Math.max(0, r.value), 0);
    const out: Scores = new Map();
    for (const r of raw) out.set(r.label as Label, total > 0 ? Math.max(0, r.value) / total : 1 / raw.length);
    return out;
  }
}

/**
 * Keyword evidence: the bundle aliases (and names) found in the corrected text. The longest alias found
 * for each bundle is its evidence; a name said outright beats any statistics.
 */
export class AliasEvidence {
  private aliases: { text: string; bundle: BundleId }[] = [];
  /** aliases by their first character: only those whose first character the text has are searched for */
  private byFirst = new Map<string, number[]>();
  /** which aliases the current text may hold: marked with the call's stamp, so never cleared */
  private stamps: Uint32Array;
  private stamp = 0;
  constructor(entries: Iterable<[BundleId, string[]]>) {
    for (const [bundle, list] of entries) for (const a of list) if (a.length >= 2) this.aliases.push({ text: a.toLowerCase(), bundle });
    this.aliases.sort((a, b) => b.text.length - a.text.length);
    this.aliases.forEach((a, j) => {
      const list = this.byFirst.get(a.text[0]!);
      if (list) list.push(j);
      else this.byFirst.set(a.text[0]!, [j]);
    });
    this.stamps = new Uint32Array(this.aliases.length);
  }
  find(text: string): Map<BundleId, number> {
    const out = new Map<BundleId, number>();
    if (this.stamp === 0xffffffff) this.stamps.fill((this.stamp = 0));
    const stamp = ++this.stamp;
    let any = false;
    for (let i = 0; i < text.length; i++) {
      const list = this.byFirst.get(text[i]!);
      if (list) for (const j of list) this.stamps[j] = stamp;
      any ||= list !== undefined;
    }
    if (!any) return out;
    // characters already claimed by a longer alias (a mask, not a list of spans: no allocation per alias)
    let taken: Uint8Array | undefined;
    for (let j = 0; j < this.aliases.length; j++) {
      if (this.stamps[j] !== stamp) continue;
      const a = this.aliases[j]!;
      const i = text.indexOf(a.text);
      if (i < 0) continue;
      const end = i + a.text.length;
      if (taken?.subarray(i, end).includes(1)) continue;
      (taken ??= new Uint8Array(text.length)).fill(1, i, end);
      out.set(a.bundle, Math.max(out.get(a.bundle) ?? 0, a.text.length));
    }
    return out;
  }
}

/**
 * Classifier scores and alias evidence together: each alias of length L multiplies its bundle's score by
 * (1 + weight·L), then the scores are normalised again. Without any alias, a strong out-of-scope vote stands.
 */
export function combine(scores: Scores, evidence: Map<BundleId, number>, weight: number): Scores {
  const out: Scores = new Map();
  let total = 0;
  for (const [label, p] of scores) {
    const ev = label === OUT_OF_SCOPE ? 0 : (evidence.get(label as BundleId) ?? 0);
    const v = p * (1 + weight * ev) + (ev > 0 ? 0.05 * weight * ev : 0);
    out.set(label, v);
    total += v;
  }
  if (evidence.size > 0) out.set(OUT_OF_SCOPE, (out.get(OUT_OF_SCOPE) ?? 0) / (1 + weight));
  total = [...out.values()].reduce((s, v) => s + v, 0) || 1;
  for (const [k, v] of out) out.set(k, v / total);
  return out;
}
