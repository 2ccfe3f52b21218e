import { ActionTypes } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { WORDS } from '../../src/nlu/commands.js';
import { ALL, NONE, NO, UNSURE, YES } from '../../src/bot/render/question.js';
import { buildChecklist } from '../../src/engine/index.js';
import type { AnswerValue } from '../../src/knowledge/expr/index.js';
import { BUNDLE_IDS, type BundleId, type Question } from '../../src/knowledge/schema/index.js';
import { botNext, Chat, readChecklist, realWorld, TODAY, typed, validNumber, type BotTurn } from './chat-helper.js';

const TEN = [
  'birth',
  'public-onboarding',
  'second-hand-house',
  'public-retirement',
  'end-of-life',
  'business-startup',
  'business-deregistration',
  'new-home-certificate',
  'road-excavation',
  'utility-connection',
];
const WHY = '为什么问这个';

/** The buttons a question must offer, read from its dialog: options (and 全部/都不要 for several), an either-or's two choices, or 是/否. */
function buttonsOf(q: Question): string[] {
  if (q.type === 'yesno') return q.labels ? [q.labels.yes, q.labels.no, UNSURE, WHY] : [YES, NO, UNSURE, WHY];
  // a question with its own 不清楚 option gets no second one
  if (q.type === 'single')
    return [...q.options!.map((o) => o.label), ...(q.options!.some((o) => /^(不清楚|不知道|不确定)/.test(o.label)) ? [] : [UNSURE]), WHY];
  if (q.type === 'multi') return [...q.options!.map((o) => o.label), ALL, NONE, UNSURE, WHY];
  return [UNSURE, WHY];
}

/** What tapping the first button (or typing a valid value) answers. */
function firstAnswer(q: Question): AnswerValue {
  if (q.type === 'yesno') return true;
  if (q.type === 'single') return q.options![0]!.id;
  if (q.type === 'multi') return [q.options![0]!.id];
  if (q.type === 'date') return '2026-01-05';
  if (q.type === 'text') return '张三';
  return validNumber(q);
}

function expectImBackButtons(t: BotTurn): void {
  for (const a of t.suggested) {
    expect(a.type).toBe(ActionTypes.ImBack);
    expect(a.value).toBe(a.title);
    expect(a.title).toMatch(/[\u4e00-\u9fff]/);
  }
}

describe('every bundle from greeting to checklist, tapping the first choice', () => {
  const { k } = realWorld();

  it('covers the ten bundles of the work plan', () => {
    expect([...BUNDLE_IDS].sort()).toEqual([...TEN].sort());
    for (const id of TEN) expect(k.bundles.has(id as BundleId), id).toBe(true);
  });

  it.each(TEN)('%s', async (id) => {
    const bundle = id as BundleId;
    const b = k.bundles.get(bundle)!;
    const dialog = k.dialogs.get(bundle)!;
    const c = new Chat();

    const hello = await c.join();
    expect(hello.texts).toHaveLength(1);
    expect(hello.texts[0]).toContain('一件事一次办');
    expect(hello.actions).toContain(b.name);
    expectImBackButtons(hello);

    let t = await c.say(b.name);
    expect(t.texts[0]).toContain(`「${b.name}」`);
    // every question, the fee-only ones too: the user asks for the estimate up front
    t = await c.say(WORDS.fees);
    const recorded: Record<string, AnswerValue> = {};
    for (let q = botNext(k, bundle, recorded); q; q = botNext(k, bundle, recorded)) {
      const asked = dialog.questions.find((x) => x.id === q!.id)!;
      expect((await c.state()).current).toBe(asked.id);
      expect(t.texts.at(-1)).toContain(asked.text);
      expectImBackButtons(t);
      const buttons = buttonsOf(asked);
      if (buttons.length > 0) expect(t.actions, asked.id).toEqual(buttons);
      const a = firstAnswer(asked);
      t = await c.say(buttons.length > 2 ? buttons[0]! : typed(q, a));
      recorded[asked.id] = a;
      expect((await c.state()).answers, `after ${asked.id}`).toEqual(recorded);
      // a first checklist given while questions remain: go on answering them
      const st = await c.state();
      if (st.mode === 'done' && botNext(k, bundle, recorded)) {
        expect(t.actions).toContain(WORDS.continue);
        t = await c.say(WORDS.continue);
      }
    }

    const s = await c.state();
    expect(s.mode).toBe('done');
    const list = buildChecklist(k, bundle, s.answers, { today: TODAY });
    expect(list.complete).toBe(true);
    const parts = t.texts.slice(0, -1).filter((x) => !x.startsWith('和上次给您的清单相比'));
    expect(parts[0]!.startsWith(`【材料清单】${b.name}\n`)).toBe(true);
    expect(parts[0]).toContain(`需带${list.bring.length}项材料，另有${list.shared.length}项不用带`);
    const shown = readChecklist(parts);
    expect(shown.bring).toHaveLength(list.bring.length);
    list.bring.forEach((m, i) => {
      expect(shown.bring[i]!.startsWith(`${i + 1}. ${m.name}：`), shown.bring[i]).toBe(true);
    });
    expect(shown.shared).toHaveLength(list.shared.length);
    list.shared.forEach((m, i) => {
      expect(shown.shared[i]!.startsWith(`· ${m.name}（`), shown.shared[i]).toBe(true);
    });
    expect(shown.maybe).toEqual([]);
    expect(t.actions.slice(0, 4)).toEqual([WORDS.apply, WORDS.change, WORDS.other, WORDS.handover]);
    // then one button per linked matter the checklist names (src/bot/links.ts)
    for (const extra of t.actions.slice(4)) expect(extra).toMatch(/^去办「.+」$/);
  });
});
