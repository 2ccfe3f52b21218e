/**
 * Two plain text classifiers over character n-grams, for the side-by-side in `npm run eval:nlu` only (the
 * shipped understanding is src/nlu): multinomial naive Bayes on 1–3-grams, and softmax logistic regression
 * on 1–2-grams trained by full-batch gradient descent. Out of scope is one more label. Nothing downloads.
 */
import { normalize } from '../src/nlu/text.js';

export interface TextModel {
  name: string;
  train(docs: { text: string; label: string }[]): void;
  /** label → probability, summing to 1 */
  predict(text: string): Map<string, number>;
}

function grams(raw: string, max: number): string[] {
  const t = normalize(raw).replace(/[\s,.!?;:，。！？；：、"'“”‘’（）()]+/g, '');
  const out: string[] = [];
  for (let n = 1; n <= max; n++) for (let i = 0; i + n <= t.length; i++) out.push(t.slice(i, i + n));
  return out;
}

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export class CharNaiveBayes implements TextModel {
  name = 'char 1-3-gram naive Bayes';
  private labels: string[] = [];
  private prior = new Map<string, number>();
  private counts = new Map<string, Map<string, number>>();
  private totals = new Map<string, number>();
  private vocab = new Set<string>();
  constructor(private alpha = 0.5) {}
  train(docs: { text: string; label: string }[]): void {
    for (const d of docs) {
      this.prior.set(d.label, (this.prior.get(d.label) ?? 0) + 1);
      const c = this.counts.get(d.label) ?? new Map<string, number>();
      for (const g of grams(d.text, 3)) {
        c.set(g, (c.get(g) ?? 0) + 1);
        this.totals.set(d.label, (this.totals.get(d.label) ?? 0) + 1);
        this.vocab.add(g);
      }
      this.counts.set(d.label, c);
    }
    this.labels = [...this.prior.keys()];
  }
  predict(text: string): Map<string, number> {
    const n = [...this.prior.values()].reduce((a, b) => a + b, 0);
    const v = this.vocab.size;
    const gs = grams(text, 3).filter((g) => this.vocab.has(g));
    const logits = this.labels.map((l) => {
      let s = Math.log(this.prior.get(l)! / n);
      const c = this.counts.get(l)!;
      const total = this.totals.get(l) ?? 0;
      for (const g of gs) s += Math.log(((c.get(g) ?? 0) + this.alpha) / (total + this.alpha * v));
      return s;
    });
    const p = softmax(logits);
    return new Map(this.labels.map((l, i) => [l, p[i]!]));
  }
}

export class CharLogistic implements TextModel {
  name = 'char 1-2-gram logistic regression';
  private labels: string[] = [];
  private index = new Map<string, number>();
  private w: Float64Array[] = [];
  constructor(
    private epochs = 60,
    private rate = 0.5,
    private l2 = 1e-4,
  ) {}
  private feats(text: string): number[] {
    return [...new Set(grams(text, 2))].map((g) => this.index.get(g)).filter((i): i is number => i !== undefined);
  }
  train(docs: { text: string; label: string }[]): void {
    this.labels = [...new Set(docs.map((d) => d.label))];
    for (const d of docs) for (const g of grams(d.text, 2)) if (!this.index.has(g)) this.index.set(g, this.index.size);
    const dim = this.index.size + 1; // the last weight is the bias
    this.w = this.labels.map(() => new Float64Array(dim));
    const xs = docs.map((d) => [...this.feats(d.text), dim - 1]);
    const ys = docs.map((d) => this.labels.indexOf(d.label));
    for (let e = 0; e < this.epochs; e++) {
      const grad = this.labels.map(() => new Float64Array(dim));
      xs.forEach((x, i) => {
        const p = softmax(this.w.map((w) => x.reduce((s, j) => s + w[j]!, 0)));
        p.forEach((pk, k) => {
          const g = pk - (k === ys[i] ? 1 : 0);
          for (const j of x) grad[k]![j]! += g;
        });
      });
      for (let k = 0; k < this.labels.length; k++)
        for (let j = 0; j < dim; j++) this.w[k]![j]! -= this.rate * (grad[k]![j]! / xs.length + this.l2 * this.w[k]![j]!) * 10;
    }
  }
  predict(text: string): Map<string, number> {
    const x = [...this.feats(text), this.index.size];
    const p = softmax(this.w.map((w) => x.reduce((s, j) => s + w[j]!, 0)));
    return new Map(this.labels.map((l, i) => [l, p[i]!]));
  }
}
