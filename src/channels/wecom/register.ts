import { join } from 'node:path';
import type { Server } from 'restify';
import { PROJECT_ROOT } from '../../knowledge/load.js';
import { WeixinCrypt } from '../weixin/crypto.js';
import { loadBundleNames } from '../weixin/bundles.js';
import { HttpError, registerCallback, type Callback, type ChannelDeps } from '../weixin/http.js';
import { decryptOr400, openEncrypted, parseOr400, requireSignature } from '../weixin/secure.js';
import type { WeChatConfig } from '../wechat/config.js';
import { WeComAdapter, wecomApi } from './adapter.js';
import { ReplayGuard } from '../weixin/replay.js';

/** 企业微信 callback: always encrypted; the receive-id inside is the CorpID. */
function wecomCallback(token: string, crypt: WeixinCrypt, guard: ReplayGuard, agentId: string | undefined): Callback {
  return {
    async verify(q) {
      const echostr = q.get('echostr');
      requireSignature(token, q.get('msg_signature'), q.get('timestamp'), q.get('nonce'), echostr);
      await guard.check('/wecom', q.get('timestamp'), q.get('msg_signature')!, `GET\n${echostr}`);
      return decryptOr400(crypt, echostr!);
    },
    async open(q, raw) {
      // the signature covers the Encrypt inside the envelope, checked in openEncrypted before the guard remembers it
      const opened = openEncrypted(token, crypt, q, parseOr400(raw));
      await guard.check('/wecom', q.get('timestamp'), q.get('msg_signature')!, raw);
      // the receive-id inside was the CorpID; the message must also be for this corp and this application
      if (opened.msg.ToUserName !== crypt.receiveId || (agentId && opened.msg.AgentID !== undefined && opened.msg.AgentID !== agentId)) {
        throw new HttpError(403, '消息不是发给本应用的');
      }
      return opened;
    },
  };
}

export function registerWeCom(server: Server, deps: ChannelDeps & { config: WeChatConfig }): { adapter: WeComAdapter } | null {
  const { config, logger } = deps;
  if (!config.WECOM_TOKEN || !config.WECOM_CORP_ID || !config.WECOM_ENCODING_AES_KEY) {
    logger.info('未配置 WECOM_TOKEN（及 WECOM_CORP_ID、WECOM_ENCODING_AES_KEY），企业微信通道关闭');
    return null;
  }
  const crypt = new WeixinCrypt(config.WECOM_ENCODING_AES_KEY, config.WECOM_CORP_ID);
  const api = wecomApi(config, deps.storage, deps.fetchImpl, deps.shared?.tokens);
  const names = loadBundleNames(join(PROJECT_ROOT, 'knowledge/bundles'));
  const adapter = new WeComAdapter({ config, storage: deps.storage, logger, api, replies: deps.shared?.replies, bundleName: (id) => names.get(id) });
  const guard = new ReplayGuard(config.WECHAT_REPLAY_WINDOW_S, deps.shared?.replay);
  registerCallback(server, '/wecom', wecomCallback(config.WECOM_TOKEN, crypt, guard, config.WECOM_AGENT_ID), adapter, deps);
  logger.info({ activeMessages: !!api }, api ? '企业微信通道已开启：/wecom' : '企业微信通道已开启：/wecom（未配置 WECOM_SECRET：不能主动发消息）');
  return { adapter };
}
