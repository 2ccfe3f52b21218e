import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AssistantBot } from '../../src/bot/bot.js';
import { conversationKey } from '../../src/bot/state/keys.js';
import { LowdbStorage } from '../../src/bot/state/lowdb-storage.js';
import { MemoryReplayRegistry, StorageReplyCache, type Reply } from '../../src/channels/weixin/shared.js';
import { realWorld, TODAY } from '../bot/chat-helper.js';
import { closeStarted, OPENID, post, replyContent, signedQuery, startRig, started, textXml } from '../channels/helpers.js';
import { removeDir, tempDir } from '../server/helpers.js';

/** A reply cache in a process that dies after the turn is saved and before its reply is kept. */
class DiesBeforeKeepingTheReply extends StorageReplyCache {
  override async put(_key: string, _reply: Reply): Promise<void> {
    throw new Error('process killed');
  }
}

/**
 * Issue 13: 3 of 20 WeChat messages were handled twice after a crash. The reply cache is written after
 * the turn's state; a process killed in between left a saved turn without a kept reply, and WeChat's
 * retry (same MsgId) ran the turn again on the restarted process.
 */
describe('a WeChat message retried after a restart', () => {
  let dir = '';
  afterEach(closeStarted);
  afterAll(() => removeDir(dir));

  it("is not handled twice: the restarted process sends the saved turn's replies again", async () => {
    dir = await tempDir('yjs-wechat-restart-');
    const { k, nlu } = realWorld();
    const store = () => new LowdbStorage({ dir, ttlMs: 86_400_000 });
    const first = store();
    const bot1 = new AssistantBot(first, { k, nlu, today: () => TODAY });
    const rig1 = (started.rig = await startRig(bot1, {}, first, { replies: new DiesBeforeKeepingTheReply(first), replay: new MemoryReplayRegistry() }));
    await post(`${rig1.url}/wechat?${signedQuery()}`, textXml('孩子刚出生，要办哪些手续？'));
    // the second message: its turn is saved, then the process dies before the reply is kept
    const msg = textXml('1');
    const query = signedQuery();
    const died = await post(`${rig1.url}/wechat?${query}`, msg);
    expect(died.status).toBe(500);
    await rig1.close();

    // the restart: a new process on the same files; WeChat retries the same message
    const second = store();
    const bot2 = new AssistantBot(second, { k, nlu, today: () => TODAY });
    const rig2 = (started.rig = await startRig(bot2, {}, second));
    const retried = replyContent((await post(`${rig2.url}/wechat?${query}`, msg)).text);
    expect(retried).toContain('（第2题）');

    const key = conversationKey('wechat', OPENID);
    const conv = ((await second.read([key]))[key] as { conversation: { transcript: { from: string; text: string }[]; history: string[] } }).conversation;
    // two messages, each recorded once, and the bot moved on by one question, not two
    expect(conv.transcript.filter((l) => l.from === 'user')).toHaveLength(2);
    expect(conv.history).toHaveLength(1);
    // a new message goes on as usual
    const next = replyContent((await post(`${rig2.url}/wechat?${signedQuery()}`, textXml('1'))).text);
    expect(next).toContain('（第3题）');
  }, 60_000);
});
