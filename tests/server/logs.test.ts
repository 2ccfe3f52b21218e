import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { maskDeep, maskText } from '../../src/util/mask.js';
import { createLogger } from '../../src/util/log.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import { Client, knowledge, removeDir, tempDir, TODAY } from './helpers.js';

const ID = '11010519491231002X';
const PHONE = '13991234567';
const HOUSE = '凤城八路168号6号楼2单元1102室';

describe('masking', () => {
  it('hides ID numbers, credit codes, phones, bank cards and house numbers in free text', () => {
    const out = maskText(`身份证${ID}，电话${PHONE}，卡号6222020200112233445，信用代码91610000MA6TG1L83L，住${HOUSE}`);
    for (const raw of [ID, PHONE, '6222020200112233445', '91610000MA6TG1L83L', '168号', '1102室']) expect(out).not.toContain(raw);
    expect(out).toContain('1101**********002X');
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
      const c = new Client(s.url, 'logs-1');
      // personal data typed straight into the chat, then into a form, with the backend gone mid-way
      await c.say(`我要卖房，我身份证是${ID}，电话${PHONE}，房子在${HOUSE}`);
      await c.say(`${ID}`);
      await s.backend!.close();
      await c.say('我的申请到哪了');
      await c.say(`转人工，我电话${PHONE}`);
    } finally {
      await s.stop();
    }
    const all = lines.join('');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).toContain('handover requested');
    // what the user typed is in the log, masked
    expect(all).toContain('1101**********002X');
    expect(all).toContain('139****4567');
    for (const raw of [ID, PHONE, '168号', '1102室']) expect(all).not.toContain(raw);
  }, 60_000);
});
