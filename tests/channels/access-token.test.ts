import { MemoryStorage } from 'botbuilder';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { WeChatAdapter, wechatApi } from '../../src/channels/wechat/adapter.js';
import { WeChatConfig } from '../../src/channels/wechat/config.js';
import { silentLogger } from '../../src/util/log.js';
import { APP_ID, FakeWeixinApi, OPENID, TOKEN } from './helpers.js';

let api: FakeWeixinApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

const configFor = (base: string) => WeChatConfig.parse({ WECHAT_TOKEN: TOKEN, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: base });

function adapterOn(base: string, storage = new MemoryStorage()): WeChatAdapter {
  const config = configFor(base);
  return new WeChatAdapter({ config, storage, logger: silentLogger, api: wechatApi(config, storage), bundleName: () => undefined });
}

describe('access_token', () => {
  it('is fetched once under load and shared through Storage by a second instance', async () => {
    api = await new FakeWeixinApi().start();
    const storage = new MemoryStorage();
    const one = adapterOn(api.base, storage);
    await Promise.all(Array.from({ length: 20 }, (_, i) => one.sendProactive(OPENID, `通知${i}`)));
    const two = adapterOn(api.base, storage);
    await two.sendProactive(OPENID, '另一实例');
    expect(api.tokenCalls()).toHaveLength(1);
    // stable_token: a POST with the app's credentials, not forced
    expect(api.tokenCalls()[0]!.path).toBe('/cgi-bin/stable_token');
    expect(api.tokenCalls()[0]!.body).toMatchObject({ grant_type: 'client_credential', appid: APP_ID, force_refresh: false });
    expect(api.sends()).toHaveLength(21);
    expect(api.sends().every((c) => c.query.get('access_token') === 'TOKEN-1')).toBe(true);
  });

  it('is refreshed once and the call retried when WeChat says 40001', async () => {
    api = await new FakeWeixinApi().start();
    const a = adapterOn(api.base);
    await a.sendProactive(OPENID, '第一条');
    api.rejectTokens = 1;
    await a.sendProactive(OPENID, '第二条');
    expect(api.tokenCalls()).toHaveLength(2);
    // the refused token must not come back: the refresh is forced
    expect(api.tokenCalls()[1]!.body).toMatchObject({ force_refresh: true });
    const sends = api.sends();
    expect(sends.map((c) => c.query.get('access_token'))).toEqual(['TOKEN-1', 'TOKEN-1', 'TOKEN-2']);
    // a second rejection in a row is an error, not a loop
    api.rejectTokens = 2;
    await expect(a.sendProactive(OPENID, '第三条')).rejects.toThrow(/40001/);
  });
});

describe('continueConversation', () => {
  it('runs the logic and delivers what it sent through 客服消息', async () => {
    api = await new FakeWeixinApi().start();
    const a = adapterOn(api.base);
    const reference = {
      channelId: 'wechat',
      user: { id: OPENID, name: '' },
      conversation: { id: OPENID, isGroup: false, conversationType: 'personal', name: '' },
      bot: { id: 'gh_account', name: '' },
      serviceUrl: 'wechat://callback',
    };
    let seen = '';
    await a.continueConversation(reference, async (c) => {
      seen = c.activity.conversation.id;
      await c.sendActivity('【办件进度】不动产登记已受理');
    });
    expect(seen).toBe(OPENID);
    expect(api.sends().map((c) => c.body)).toEqual([{ touser: OPENID, msgtype: 'text', text: { content: '【办件进度】不动产登记已受理' } }]);
  });
});

describe('npm run wechat:menu', () => {
  it('creates 个人事项 / 企业事项 / 进度查询 with the bundles inside', async () => {
    api = await new FakeWeixinApi().start();
    const code = await new Promise<number | null>((ok) => {
      const p = spawn('npx', ['tsx', 'scripts/wechat-menu.ts'], {
        env: { ...process.env, WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: 'secret', WECHAT_API_BASE: api!.base },
        stdio: 'ignore',
      });
      p.on('exit', ok);
    });
    expect(code).toBe(0);
    const create = api.calls.find((c) => c.path === '/cgi-bin/menu/create')!;
    const menu = create.body as { button: Array<{ name: string; sub_button: Array<{ name: string; key: string }> }> };
    expect(menu.button.map((b) => b.name)).toEqual(['个人事项', '企业事项', '进度查询']);
    expect(menu.button[0]!.sub_button.map((s) => s.key)).toEqual([
      'BUNDLE_birth',
      'BUNDLE_public-onboarding',
      'BUNDLE_second-hand-house',
      'BUNDLE_public-retirement',
      'BUNDLE_end-of-life',
    ]);
    expect(menu.button[1]!.sub_button.map((s) => s.name)).toContain('企业开办一件事');
    expect(menu.button[2]!.sub_button.map((s) => s.key)).toEqual(['PROGRESS', 'HELP']);
  }, 30_000);
});
