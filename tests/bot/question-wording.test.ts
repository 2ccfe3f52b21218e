import { describe, expect, it } from 'vitest';
import { answerTopic } from '../../src/bot/faq.js';
import { renderChecklist } from '../../src/bot/render/checklist.js';
import { renderQuestion } from '../../src/bot/render/question.js';
import { buildChecklist, compiledBundle } from '../../src/engine/index.js';
import type { BundleId } from '../../src/knowledge/schema/index.js';
import { readAloud } from '../../src/server/console/script.js';
import { chatAt, realWorld, TODAY } from './chat-helper.js';

const { k } = realWorld();
const yesno = [...k.compiled.values()].flatMap((cb) => cb.questions.filter((q) => q.type === 'yesno').map((q) => ({ bundle: cb.bundle.id, q })));

describe('questions read the way people answer them', () => {
  it('an either-or is offered as its two choices, never as 是/否 with a rule to decode', () => {
    for (const { bundle, q } of yesno) {
      const shown = renderQuestion(q);
      const where = `${bundle}.${q.id}: ${q.text}`;
      // 「本人来办，还是委托别人？」 answered 是 means nothing: such a question shows its two choices
      if (q.text.includes('还是')) {
        expect(q.labels, where).toBeDefined();
        expect(shown.actions!.slice(0, 2), where).toEqual([q.labels!.yes, q.labels!.no]);
        expect(shown.actions, where).not.toContain('是');
      }
      expect(shown.text, where).not.toMatch(/回答[“"「]?[是否]/);
      // a labelled question is an either-or in its words too
      if (q.labels) expect(q.text, where).toContain('还是');
    }
  });

  it('no double negative: 「是否没有未了结的…」 makes 是 mean 没有', () => {
    for (const { bundle, q } of yesno) expect(q.text, `${bundle}.${q.id}`).not.toMatch(/是否(还?没有|未|不)|没有未|不是没有/);
  });

  it('a confirmation reads as the user said it: 「税费社保欠缴：都已结清或从未欠过」, not 「税费社保欠缴：是」', async () => {
    const c = await chatAt('business-deregistration', 'dues_settled');
    const q = compiledBundle(k, 'business-deregistration').questions.find((x) => x.id === 'dues_settled')!;
    let t = await c.say('是');
    // a bare 是 answers neither half of an either-or: asked again, nothing recorded
    expect(t.all).toContain('没能理解');
    expect((await c.state()).answers.dues_settled).toBeUndefined();
    t = await c.say(q.labels!.yes);
    expect((await c.state()).answers.dues_settled).toBe(true);
    t = await c.say('修改');
    expect(t.all).toContain(`${q.topic}：${q.labels!.yes}`);
    expect(t.all).not.toContain(`${q.topic}：是`);
  });

  it('the words of a choice answer it inside a sentence too', async () => {
    const c = await chatAt('end-of-life', 'has_agent');
    await c.say('就申请人自己来吧');
    expect((await c.state()).answers.has_agent).toBe(false);
  });
});

describe('the promise in days is spelled once', () => {
  it("the checklist, the answer to 「多久」 and the console script say the knowledge's promisedText", () => {
    const seen = new Set<string>();
    for (const id of k.bundles.keys()) {
      const c = buildChecklist(k, id as BundleId, {}, { today: TODAY });
      seen.add(c.time.promisedText);
      expect(renderChecklist(c).join('\n'), id).toContain(c.time.promisedText);
      expect(answerTopic(k, id as BundleId, 'duration', {}, TODAY), id).toContain(c.time.promisedText);
      expect(readAloud(c).head.join(''), id).toContain(c.time.promisedText);
    }
    // business start-up's items promise half a day each: 「半个工作日」, never 「0.5个工作日」
    const startup = buildChecklist(k, 'business-startup', {}, { today: TODAY });
    expect(startup.time.promisedDays).toBe(0.5);
    expect(startup.time.promisedText).toBe('承诺半个工作日内办结');
    expect(renderChecklist(startup).join('\n')).not.toContain('0.5个工作日');
    expect(seen.size).toBeGreaterThan(1);
  });
});
