import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { maskDeep, maskText } from '../../src/util/mask.js';
import { createLogger } from '../../src/util/log.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import { Client, knowledge, removeDir, tempDir, TODAY } from './helpers.js';

const ID = '11010519491231002X';
const PHONE = '13991234567';
/** shaped like a WeChat openid: the conversation id of a WeChat chat */
const OPENID = 'oLogsTest_0123456789abcdWXYZ';
const HOUSE = '凤城八路168号6号楼2单元1102室';

describe('masking', () => {
  it('hides ID numbers, credit codes, phones, bank cards and house numbers in free text', () => {
    const out = maskText(`身份证${ID}，电话${PHONE}，卡号6222020200112233445，信用代码91610000MA6TG1L83L，住${HOUSE}`);
    for (const raw of [ID, PHONE, '6222020200112233445', '91610000MA6TG1L83L', '168号', '1102室']) expect(out).not.toContain(raw);
    expect(out).toContain('1101**********002X');
  });

  it('hides ID numbers written in groups or in full-width digits, and phones with +86, 0086 or separators', () => {
    const forms = ['110105 19491231 002X', '1101-0519-4912-3100-2X', '１１０１０５１９４９１２３１００２Ｘ', '110105\u300019491231\u3000002x'];
    for (const f of forms) {
      const out = maskText(`身份证号${f}。`);
      expect(out, f).toMatch(/^身份证号1101\*{10}002[Xx]。$/);
    }
    for (const f of [
      '+86 139 9123 4567',
      '+86-13991234567',
      '0086 139-9123-4567',
      '8613991234567',
      '139 9123 4567',
      '１３９９１２３４５６７',
      '＋８６１３９９１２３４５６７',
    ]) {
      expect(maskText(`电话${f}，谢谢`), f).toBe('电话139****4567，谢谢');
    }
    // dates, amounts and two phones side by side stay what they are
    expect(maskText('2026-12-05 付了450000元')).toBe('2026-12-05 付了450000元');
    expect(maskText('13991234567 13812345678')).toBe('139****4567 138****5678');
  });

  it('masks openids and conversation ids to a traceable head and tail, or a short hash', () => {
    const openid = 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o';
    const m = maskDeep({ conversation: openid, openid, user: 'logs-1', channel: 'wechat' }, '') as Record<string, string>;
    expect(m.conversation).toBe('oUpF****eS6o');
    expect(m.openid).toBe('oUpF****eS6o');
    expect(m.user).toMatch(/^#[0-9a-f]{8}$/);
    expect(m.channel).toBe('wechat');
    // the same id gives the same mask in every line, and masking twice changes nothing
    expect(maskDeep({ user: m.user }, '')).toEqual({ user: m.user });
    expect((maskDeep({ conversation: 'logs-1' }, '') as Record<string, string>).conversation).toBe(m.user);
  });

  it('keeps an error readable (message and stack, masked) instead of logging {}', () => {
    const e = maskDeep({ err: new Error(`身份证 ${ID} 校验失败`) }, '') as { err: { message: string; stack: string } };
    expect(e.err.message).toBe('身份证 1101**********002X 校验失败');
    expect(e.err.stack).not.toContain(ID);
  });
});

describe('server logs during a real conversation', () => {
  const lines: string[] = [];
  let dir = '';
  afterAll(() => removeDir(dir));

  it('never carry an ID number, phone or address the user typed, at debug level, errors included', async () => {
    dir = await tempDir('yjs-logs-');
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const log = createLogger('trace', 'yjs', sink);
    const env = { DATA_DIR: dir, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace' };
    const { k, nlu } = await knowledge();
    const s = await startServer(loadConfig(env), log, { k, nlu, today: () => TODAY, env, retry: { baseMs: 20, maxMs: 100 }, submitTimeoutMs: 500 });
    try {
      const c = new Client(s.url, OPENID);
      // personal data typed straight into the chat, then into a form, with the backend gone mid-way
      await c.say(`我要卖房，我身份证是${ID}，电话${PHONE}，房子在${HOUSE}`);
      await c.say(`${ID}`);
      await s.backend!.close();
      await c.say('我的申请到哪了');
      await c.say(`转人工，我电话${PHONE}`);
      // the same data in the other ways people write it
      await c.say('身份证 110105 19491231 002X，手机 +86 139-9123-4567');
      await c.say('身份证１１０１０５１９４９１２３１００２Ｘ，手机0086 13991234567');
    } finally {
      await s.stop();
    }
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('handover requested');
    // what the user typed is in the log, masked
    expect(all).toContain('1101**********002X');
    expect(all).toContain('139****4567');
    for (const raw of [ID, PHONE, '168号', '1102室', '110105 19491231', '１１０１０５', '9123-4567', OPENID]) expect(all).not.toContain(raw);
    // every turn line is traceable to its conversation without naming it
    const turns = lines.map((l) => JSON.parse(l) as { msg: string; conversation?: string }).filter((l) => l.msg === 'turn');
    expect(turns.length).toBeGreaterThanOrEqual(6);
    for (const t of turns) expect(t.conversation).toBe('oLog****WXYZ');
  }, 60_000);
});
