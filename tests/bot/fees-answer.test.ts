import { describe, expect, it } from 'vitest';
import { Chat } from './chat-helper.js';

describe('「税费一共多少」 before every question is answered', () => {
  it('says which charges are not in the total yet and which answers they wait for; the total is called partial', async () => {
    const c = new Chat();
    await c.join();
    // everything the deed tax needs but the buyer's type (a company buyer pays 3 %)
    await c.say('卖房 卖方个人 住宅 商品房 满五唯一 成交价200万 面积100平 买方首套 没贷款');
    expect((await c.state()).answers.buyer_type).toBeUndefined();
    const r = await c.say('税费一共多少');
    expect(r.all).toContain('已算出的部分合计80元');
    expect(r.all).toMatch(/还没算进去的：[^。]*契税（还要知道：[^）]*买方类型/);
    expect(r.all).not.toMatch(/契税（还要知道：[^）]*(建筑面积|买方家庭住房套数)/);
  });
});
