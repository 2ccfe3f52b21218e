import type { Storage } from 'botbuilder';
import type { Logger } from '../../util/log.js';
import { WeixinAdapter, type Sender } from '../weixin/adapter.js';
import { WeixinApi } from '../weixin/api.js';
import type { WeChatConfig } from '../wechat/config.js';
import type { ReplyCache } from '../weixin/shared.js';
import type { TokenShareFactory } from '../weixin/token.js';

/** 企业微信 API: gettoken with corpid + the application's secret, 应用消息 for unasked and late replies. */
export function wecomApi(config: WeChatConfig, storage: Storage, fetchImpl?: typeof fetch, sharedTokens?: TokenShareFactory): WeixinApi | null {
  const { WECOM_CORP_ID: corp, WECOM_SECRET: secret, WECOM_AGENT_ID: agent } = config;
  if (!corp || !secret || !agent) return null;
  return new WeixinApi({
    base: config.WECOM_API_BASE,
    storage,
    tokenKey: `wecom/access-token/${corp}/${agent}`,
    tokenPath: `/cgi-bin/gettoken?corpid=${encodeURIComponent(corp)}&corpsecret=${encodeURIComponent(secret)}`,
    sharedTokens,
    fetchImpl,
  });
}

/** 企业微信 adapter: no bizmsgmenu there, so choices are plain numbered lines answered by number or text. */
export class WeComAdapter extends WeixinAdapter {
  constructor(o: {
    config: WeChatConfig;
    storage: Storage;
    logger: Logger;
    api: WeixinApi | null;
    replies?: ReplyCache;
    bundleName: (id: string) => string | undefined;
  }) {
    const api = o.api;
    const agentid = Number(o.config.WECOM_AGENT_ID);
    const sender: Sender | null = api
      ? async (touser, content) => {
          await api.post('/cgi-bin/message/send', { touser, msgtype: 'text', agentid, text: { content } });
        }
      : null;
    super({
      channelId: 'wecom',
      storage: o.storage,
      logger: o.logger,
      deadlineMs: o.config.WECHAT_REPLY_DEADLINE_MS,
      tappable: false,
      sender,
      bundleName: o.bundleName,
      replies: o.replies,
    });
  }
}
