import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));
const token = optional.refine((v) => v === undefined || /^[A-Za-z0-9]{3,32}$/.test(v), 'Token 应为 3–32 位英文字母或数字');
const aesKey = optional.refine((v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v), 'EncodingAESKey 应为 43 位英文字母或数字');
const base = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== '' ? v.trim() : def))
    .pipe(z.string().url('应为完整网址，如 https://api.weixin.qq.com'));

/** Environment of the 公众号 and 企业微信 channels; a channel without its token stays off. */
export const WeChatConfig = z
  .object({
    WECHAT_TOKEN: token,
    WECHAT_APP_ID: optional,
    /** the account's 原始ID (gh_…): when set, a message addressed to another account is refused */
    WECHAT_ORIGINAL_ID: optional,
    WECHAT_APP_SECRET: optional,
    WECHAT_ENCODING_AES_KEY: aesKey,
    WECHAT_API_BASE: base('https://api.weixin.qq.com'),
    WECOM_TOKEN: token,
    WECOM_CORP_ID: optional,
    WECOM_AGENT_ID: optional.refine((v) => v === undefined || /^\d+$/.test(v), 'WECOM_AGENT_ID 应为数字'),
    WECOM_SECRET: optional,
    WECOM_ENCODING_AES_KEY: aesKey,
    WECOM_API_BASE: base('https://qyapi.weixin.qq.com'),
    /** WeChat waits 5 s for the passive reply; past this the answer goes out through the API */
    /** a callback whose signed timestamp is further than this from now is refused (replay) */
    WECHAT_REPLAY_WINDOW_S: z.coerce
      .number()
      .int()
      .min(30, 'WECHAT_REPLAY_WINDOW_S 至少 30 秒')
      .max(3600, 'WECHAT_REPLAY_WINDOW_S 不能超过 3600 秒')
      .default(300),
    WECHAT_REPLY_DEADLINE_MS: z.coerce
      .number()
      .int()
      .positive('WECHAT_REPLY_DEADLINE_MS 必须大于 0')
      .max(4800, 'WECHAT_REPLY_DEADLINE_MS 不能超过 4800（微信只等 5 秒）')
      .default(4500),
  })
  .superRefine((c, ctx) => {
    if (c.WECHAT_ENCODING_AES_KEY && !c.WECHAT_APP_ID)
      ctx.addIssue({ code: 'custom', path: ['WECHAT_APP_ID'], message: '安全模式和兼容模式需要 WECHAT_APP_ID（解密时核对）' });
    if (c.WECHAT_APP_SECRET && !c.WECHAT_APP_ID)
      ctx.addIssue({ code: 'custom', path: ['WECHAT_APP_ID'], message: '配置了 WECHAT_APP_SECRET 也需要 WECHAT_APP_ID' });
    if (c.WECOM_TOKEN && (!c.WECOM_CORP_ID || !c.WECOM_ENCODING_AES_KEY)) {
      ctx.addIssue({ code: 'custom', path: ['WECOM_TOKEN'], message: '企业微信回调需要同时配置 WECOM_CORP_ID 和 WECOM_ENCODING_AES_KEY' });
    }
    if (c.WECHAT_TOKEN && c.WECHAT_TOKEN === c.WECOM_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['WECOM_TOKEN'], message: 'WECOM_TOKEN 不能与 WECHAT_TOKEN 相同：否则一个通道的签名在另一个通道也有效' });
    }
    if (c.WECOM_SECRET && !c.WECOM_AGENT_ID)
      ctx.addIssue({ code: 'custom', path: ['WECOM_AGENT_ID'], message: '配置了 WECOM_SECRET 也需要 WECOM_AGENT_ID（发应用消息用）' });
  });
export type WeChatConfig = z.output<typeof WeChatConfig>;
