import type { Storage } from 'botbuilder';
import type { Logger } from '../../util/log.js';
import { WeixinAdapter, type Sender } from '../weixin/adapter.js';
import { WeixinApi } from '../weixin/api.js';
import type { WeChatConfig } from './config.js';
import type { ReplyCache } from '../weixin/shared.js';
import type { TokenShareFactory } from '../weixin/token.js';

/** The 公众号 API: access_token shared through Storage, 客服消息 for late, long and unasked replies. */
export function wechatApi(config: WeChatConfig, storage: Storage, fetchImpl?: typeof fetch, sharedTokens?: TokenShareFactory): WeixinApi | null {
  const { WECHAT_APP_ID: appId, WECHAT_APP_SECRET: secret } = config;
  if (!appId || !secret) return null;
  return new WeixinApi({
    base: config.WECHAT_API_BASE,
    storage,
    tokenKey: `wechat/access-token/${appId}`,
    // stable_token: fetching does not cut off the token another instance (or tool) is using
    tokenPath: '/cgi-bin/stable_token',
    tokenBody: (force) => ({ grant_type: 'client_credential', appid: appId, secret, force_refresh: force }),
    sharedTokens,
    fetchImpl,
  });
}

/** 公众号 adapter: choices as tappable bizmsgmenu links. */
export class WeChatAdapter extends WeixinAdapter {
  constructor(o: {
    config: WeChatConfig;
    storage: Storage;
    logger: Logger;
    api: WeixinApi | null;
    replies?: ReplyCache;
    bundleName: (id: string) => string | undefined;
  }) {
    const api = o.api;
    const sender: Sender | null = api
      ? async (touser, content) => {
          await api.post('/cgi-bin/message/custom/send', { touser, msgtype: 'text', text: { content } });
        }
      : null;
    super({
      channelId: 'wechat',
      storage: o.storage,
      logger: o.logger,
      deadlineMs: o.config.WECHAT_REPLY_DEADLINE_MS,
      tappable: true,
      sender,
      bundleName: o.bundleName,
      replies: o.replies,
    });
  }
}
