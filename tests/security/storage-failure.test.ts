import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssistantBot } from '../../src/bot/bot.js';
import type { Started } from '../../src/server/start.js';
import { Chat, realWorld, TODAY } from '../bot/chat-helper.js';
import { closeStarted, post, replyContent, signedQuery, started, startRig, textXml } from '../channels/helpers.js';
import { applyToConsent, Client, interviewToChecklist, removeDir, start, tempDir, type Said } from '../server/helpers.js';

/**
 * A full or read-only disk under the state files: what the user is told must be true (this message was
 * not kept) and must never carry the error's own words (which name a server path).
 */
const PATH = '/srv/yjs/data/state/conversations/oSecret_openid_0123456789.json';
function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, open '${PATH}'`), { code: 'ENOSPC', errno: -28, syscall: 'open', path: PATH });
}

/** The told-honestly checks, shared by every layer. */
function expectHonest(said: string): void {
  expect(said).toContain('无法保存');
  expect(said).toContain('没有记下来');
  expect(said).not.toContain('保留着');
  expect(said).not.toContain('/srv/');
  expect(said).not.toContain('ENOSPC');
  expect(said).not.toContain('申请表还有不符合要求');
}

/** A store on a disk that fills up when the test says so. */
class FillingStore extends MemoryStorage {
  full = false;
  override async write(changes: StoreItems): Promise<void> {
    if (this.full) throw diskFull();
    return super.write(changes);
  }
}

describe('a failed save through the bot', () => {
  it('a turn whose work fails to save says so, instead of 「您的回答都还保留着」', async () => {
    const chat = new Chat({
      onHandover: async () => {
        throw diskFull();
      },
    });
    await chat.say('孩子刚出生，要办哪些手续？');
    expectHonest((await chat.say('转人工')).all);
  });

  it('any other failure says neither that answers were kept nor what broke', async () => {
    const chat = new Chat({
      onHandover: async () => {
        throw new TypeError(`Cannot read properties of undefined (reading 'x') at ${PATH}`);
      },
    });
    const said = (await chat.say('转人工')).all;
    expect(said).toContain('出了点问题');
    expect(said).not.toContain('保留着');
    expect(said).not.toContain('/srv/');
  });
});

describe('a failed save through the WeChat adapter', () => {
  afterEach(closeStarted);
  it('the state write failing after the turn gives the honest reply, and the next message works again', async () => {
    const store = new FillingStore();
    const { k, nlu } = realWorld();
    const bot = new AssistantBot(store, { k, nlu, today: () => TODAY });
    const rig = (started.rig = await startRig(bot));
    const say = async (text: string) => replyContent((await post(`${rig.url}/wechat?${signedQuery()}`, textXml(text))).text);
    store.full = true;
    expectHonest(await say('孩子刚出生，要办哪些手续？'));
    store.full = false;
    expect(await say('孩子刚出生，要办哪些手续？')).not.toContain('无法保存');
  }, 30_000);
});

describe('a failed save at submission, through the whole server', () => {
  let s: Started;
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('yjs-storage-failure-');
    s = await start(dir);
  }, 60_000);
  afterAll(async () => {
    await s?.stop();
    await removeDir(dir);
  });

  it('the outbox cannot be written: told honestly, no path, nothing submitted; once the disk is back the same consent submits once', async () => {
    const c = new Client(s.url, 'storage-failure');
    await interviewToChecklist(c, '孩子刚出生，要办哪些手续？', 'birth');
    await applyToConsent(s, c);
    let r: Said;
    const storage = s.app.storage;
    const write = storage.write.bind(storage);
    storage.write = () => Promise.reject(diskFull());
    try {
      r = await c.say('同意并提交');
    } finally {
      storage.write = write;
    }
    const said = r.texts.join('\n');
    expectHonest(said);
    expect(said).not.toMatch(/受理编号/);
    r = await c.say('同意并提交');
    expect(r.texts.join('\n')).toMatch(/受理编号 WY\d+/);
  }, 120_000);
});
