import { describe, expect, it } from 'vitest';
import { cuesOf } from '../../src/nlu/cues.js';

describe('what a message says about the conversation', () => {
  it('…X不 at the end asks as 吗 does (周末能办不, 行不), so it is never typed into a form field; names and plain 不 do not ask', () => {
    for (const t of ['周末能办不', '行不', '能网上交不', '要带原件吗', '去哪里交']) expect(cuesOf(t).asksBack, t).toBe(true);
    for (const t of ['张三', '王不', '不', '我不']) expect(cuesOf(t).asksBack, t).toBe(false);
  });

  it('corrections, what-ifs, another need and the party asked about', () => {
    expect(cuesOf('等等 其实没满五年').corrects).toBe(true);
    expect(cuesOf('如果买方是公司呢').whatIf).toBe(true);
    expect(cuesOf('我还想开个公司').anotherNeed).toBe(true);
    expect(cuesOf('房产证丢了咋办').statesNeed).toBe(false);
    expect(cuesOf('那卖方要带啥').partyMaterials).toBe('seller');
    expect(cuesOf('3').ordinal).toBe(3);
  });
});
