import { join } from 'node:path';
import type { Server } from 'restify';
import { PROJECT_ROOT } from '../../knowledge/load.js';
import { WeixinCrypt } from '../weixin/crypto.js';
import { loadBundleNames } from '../weixin/bundles.js';
import { HttpError, registerCallback, type Callback, type ChannelDeps } from '../weixin/http.js';
import { openEncrypted, parseOr400, requireSignature } from '../weixin/secure.js';
import { WeChatAdapter, wechatApi } from './adapter.js';
import type { WeChatConfig } from './config.js';
import { ReplayGuard } from '../weixin/replay.js';
import type { XmlFields } from '../weixin/xml.js';

/**
 * 公众号 server callback. The query signature is checked on every request; with `encrypt_type=aes`
 * (安全/兼容模式) the body's msg_signature and AppID are checked too and the reply is encrypted.
 */
function wechatCallback(token: string, crypt: WeixinCrypt | null, guard: ReplayGuard, account: string | undefined): Callback {
  // the query signature covers no body: the guard binds it to this route and this body, within its window
  const signed = async (q: URLSearchParams, body: string) => {
    requireSignature(token, q.get('signature'), q.get('timestamp'), q.get('nonce'));
    await guard.check('/wechat', q.get('timestamp'), q.get('signature')!, body);
  };
  const forUs = (msg: XmlFields) => {
    if (account && msg.ToUserName !== account) throw new HttpError(403, '消息不是发给本公众号的');
    return msg;
  };
  return {
    async verify(q) {
      await signed(q, `GET\n${q.get('echostr') ?? ''}`);
      return q.get('echostr') ?? '';
    },
    async open(q, raw) {
      await signed(q, raw);
      const envelope = parseOr400(raw);
      if (q.get('encrypt_type') !== 'aes') {
        // 安全模式 configured: a plain body was not sealed by WeChat, whatever its query says
        if (crypt) throw new HttpError(403, '本公众号已启用安全模式，不接受明文消息');
        return { msg: forUs(envelope), seal: (xml) => xml };
      }
      if (!crypt) throw new HttpError(400, '收到加密消息，但未配置 WECHAT_ENCODING_AES_KEY');
      const opened = openEncrypted(token, crypt, q, envelope);
      return { ...opened, msg: forUs(opened.msg) };
    },
  };
}

export function registerWeChat(server: Server, deps: ChannelDeps & { config: WeChatConfig }): { adapter: WeChatAdapter } | null {
  const { config, logger } = deps;
  if (!config.WECHAT_TOKEN) {
    logger.info('未配置 WECHAT_TOKEN，公众号通道关闭');
    return null;
  }
  const crypt = config.WECHAT_ENCODING_AES_KEY && config.WECHAT_APP_ID ? new WeixinCrypt(config.WECHAT_ENCODING_AES_KEY, config.WECHAT_APP_ID) : null;
  const api = wechatApi(config, deps.storage, deps.fetchImpl, deps.shared?.tokens);
  const names = loadBundleNames(join(PROJECT_ROOT, 'knowledge/bundles'));
  const adapter = new WeChatAdapter({ config, storage: deps.storage, logger, api, replies: deps.shared?.replies, bundleName: (id) => names.get(id) });
  const guard = new ReplayGuard(config.WECHAT_REPLAY_WINDOW_S, deps.shared?.replay);
  registerCallback(server, '/wechat', wechatCallback(config.WECHAT_TOKEN, crypt, guard, config.WECHAT_ORIGINAL_ID), adapter, deps);
  logger.info(
    { encrypted: !!crypt, customerService: !!api },
    api ? '公众号通道已开启：/wechat' : '公众号通道已开启：/wechat（未配置 AppSecret：超时和超长回复改为「继续」取回，不能主动通知）',
  );
  return { adapter };
}
