/**
 * npm run interview -- <bundle id>
 * A guided interview over the engine alone: numbered options, typed answers, "back" (or 上一步),
 * then the checklist as a user reads it. Works interactively and with piped stdin.
 */
import { createInterface } from 'node:readline';
import { loadKnowledge, KnowledgeError, type Knowledge } from '../src/knowledge/load.js';
import { BUNDLE_IDS } from '../src/knowledge/schema/index.js';
import { buildChecklist, compiledBundle, nextQuestion, answerLabel, askedQuestions } from '../src/engine/index.js';
import type { AnswerValue } from '../src/knowledge/expr/index.js';
import { exactAnswer, outOfRange } from '../src/nlu/choices.js';
import { renderQuestion } from '../src/bot/render/question.js';
import { renderChecklist } from '../src/bot/render/checklist.js';

const bundle = process.argv[2];
if (!bundle || !(BUNDLE_IDS as readonly string[]).includes(bundle)) {
  console.error(`用法：npm run interview -- <一件事编号>\n可用：${BUNDLE_IDS.join('  ')}`);
  process.exit(2);
}

let k: Knowledge;
try {
  k = loadKnowledge();
} catch (e) {
  if (e instanceof KnowledgeError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const cb = compiledBundle(k, bundle);
const answers: Record<string, AnswerValue> = {};
const history: string[] = [];
const rl = createInterface({ input: process.stdin, terminal: false });
const lines = rl[Symbol.asyncIterator]();

console.log(`「${cb.bundle.name}」${cb.bundle.summary}`);
console.log('输入序号或文字回答；输入「back」或「上一步」返回上一题。\n');
for (;;) {
  const q = nextQuestion(k, bundle, answers);
  if (!q) break;
  const asked = askedQuestions(cb, answers);
  const r = renderQuestion(q, { step: history.length + 1, total: asked.length });
  console.log(r.text.replace(/\n?为什么问：.*$/, ''));
  process.stdout.write('> ');
  const next = await lines.next();
  if (next.done) {
    console.log('\n（输入结束，以下是按已回答内容整理的清单）');
    break;
  }
  const text = String(next.value).trim();
  if (/^(back|上一步|返回)$/i.test(text)) {
    const last = history.pop();
    if (last) delete answers[last];
    else console.log('已经是第一个问题了。');
    continue;
  }
  const a = exactAnswer(q, text);
  if (a === undefined) {
    console.log(`没看懂「${text}」，请输入序号或选项文字。\n为什么问：${q.why}\n`);
    continue;
  }
  const bad = outOfRange(q, a);
  if (bad) {
    console.log(bad);
    continue;
  }
  answers[q.id] = a;
  history.push(q.id);
  console.log(`  → ${q.topic}：${answerLabel(q, a)}\n`);
}
rl.close();
console.log('');
for (const part of renderChecklist(buildChecklist(k, bundle, answers))) console.log(`${part}\n`);
