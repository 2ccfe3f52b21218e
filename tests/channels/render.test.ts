import { describe, expect, it } from 'vitest';
import { pickChoice } from '../../src/channels/weixin/adapter.js';
import { byteLength, fullText, mergeActivities, renderChoices, splitBytes } from '../../src/channels/weixin/render.js';
import { cdata, parseMessageXml } from '../../src/channels/weixin/xml.js';

describe('splitBytes', () => {
  it('never cuts a character, keeps every part within the limit and loses nothing', () => {
    const text = `${'😀办'.repeat(700)}\n${'a'.repeat(3000)}`;
    const parts = splitBytes(text, 2048);
    parts.forEach((p) => {
      expect(byteLength(p)).toBeLessThanOrEqual(2048);
      expect(p).not.toMatch(/\uFFFD/);
    });
    expect(parts.join('').replace(/\n/g, '')).toBe(text.replace(/\n/g, ''));
  });

  it('does not split inside a choice link', () => {
    const links = renderChoices(
      Array.from({ length: 40 }, (_, i) => ({ title: `选项${i}`, value: `选项${i}` })),
      true,
    );
    for (const p of splitBytes(links, 500)) expect(p.split('<a ').length).toBe(p.split('</a>').length);
  });
});

describe('choices', () => {
  it('escapes what would break the link and maps numbers only when they are not choices themselves', () => {
    expect(renderChoices([{ title: 'A&B', value: 'A&B "x"' }], true)).toBe('1. <a href="weixin://bizmsgmenu?msgmenucontent=A%26B %22x%22&msgmenuid=1">A&B</a>');
    const nums = [1, 2, 3].map((n) => ({ title: String(n), value: String(n) }));
    expect(pickChoice('2', nums)).toBe('2');
    expect(
      pickChoice('2', [
        { title: '是', value: '是' },
        { title: '否', value: '否' },
      ]),
    ).toBe('否');
    expect(pickChoice('9', [{ title: '是', value: '是' }])).toBe('9');
  });
});

describe('xml', () => {
  it('keeps a CDATA terminator typed by the user intact through a reply', () => {
    const xml = `<xml><Content>${cdata('a]]>b')}</Content></xml>`;
    expect(parseMessageXml(xml).Content).toBe('a]]>b');
  });
});

describe('fullText', () => {
  it('turns a numbered option line into its tappable choice instead of listing it twice', async () => {
    const { loadKnowledge } = await import('../../src/knowledge/load.js');
    const { renderQuestion } = await import('../../src/bot/render/question.js');
    const { toActivity } = await import('../../src/bot/reply.js');
    const k = await loadKnowledge();
    const q = k.compiled.get('second-hand-house')!.questions.find((x) => x.type === 'single')!;
    const merged = mergeActivities([{ type: 'message', ...toActivity(renderQuestion(q)) }]);
    const text = fullText(merged, true);
    for (const o of q.options!) expect(text.split(`>${o.label}</a>`).length - 1).toBe(1);
    expect(text).not.toMatch(/[\u2460-\u2473]/);
    // the buttons that are not in the text (不清楚, 为什么问这个) come after, numbered on
    const extra = [...text.matchAll(/(\d+)\. <a href="weixin:\/\/bizmsgmenu\?msgmenucontent=为什么问这个&msgmenuid=(\d+)">为什么问这个<\/a>/g)];
    expect(extra).toHaveLength(1);
    expect(Number(extra[0]![1])).toBeGreaterThan(q.options!.length);
    expect(extra[0]![1]).toBe(extra[0]![2]);
  });
});
