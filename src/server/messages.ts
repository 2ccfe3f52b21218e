import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationServiceClientCredentialFactory, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { z } from 'zod';
import { ReusingBotFrameworkAuthentication } from './bot-auth.js';
import { fail, readRaw, TooLarge } from './http.js';
import type { Config } from './config.js';
import type { Guards } from './guard/index.js';
import { fromThisMachine, isLoopback } from './guard/peer.js';
import { serviceUrlAllowed } from './guard/service-url.js';
import type { Logger } from '../util/log.js';
import { turnErrorMessage } from '../util/turn-error.js';

/**
 * Bot Framework's CloudAdapter on /api/messages. Without an app id it accepts anonymous requests
 * (Emulator, tests, expectReplies), on loopback only; with one it checks the channel's JWT.
 */
export function createCloudAdapter(config: Config, log: Logger): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TYPE,
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
  });
  const adapter = new CloudAdapter(new ReusingBotFrameworkAuthentication({}, credentials));
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    log.error({ err: error, conversation: context.activity.conversation?.id }, 'unhandled turn error');
    try {
      await context.sendActivity(turnErrorMessage(error));
    } catch {
      // the channel may be unreachable too; the log has the cause
    }
  };
  return adapter;
}

/**
 * Channels that have their own verified route (a signature, a session): a conversation on them is only
 * ever created by that route, so an activity naming them here is someone posing as their users.
 */
const VERIFIED_ELSEWHERE = new Set(['wechat', 'wecom', 'console', 'terminal']);

/** What the adapter needs to run a turn; anything less is answered 400 instead of an apology with 200. */
const ActivityShape = z.object({
  type: z.string().min(1).max(64),
  channelId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, '应为字母、数字或 _.- 组成的标识'),
  serviceUrl: z.string().max(2048),
  conversation: z.object({ id: z.string().min(1).max(512) }),
  from: z.object({ id: z.string().min(1).max(512) }).optional(),
  text: z.string().max(10_000, '消息不能超过 10000 字').optional(),
});

export function registerMessages(
  server: Server,
  adapter: CloudAdapter,
  bot: { run(c: TurnContext): Promise<void> },
  o: { config: Config; log: Logger; guards: Guards },
): void {
  const anonymous = !o.config.MICROSOFT_APP_ID;
  const listeningOnLoopback = () => isLoopback((server.address() as AddressInfo | null)?.address);

  server.post('/api/messages', async (req, res) => {
    if (anonymous && (!listeningOnLoopback() || !fromThisMachine(req))) {
      o.log.warn({ address: o.guards.address(req) }, 'anonymous Bot Framework request refused: not on loopback');
      fail(res, 403, '未配置 MICROSOFT_APP_ID 时，本接口只供本机的 Bot Framework Emulator 调试使用，不接受外部请求。');
      return;
    }
    if (!(await o.guards.perAddress(req, res))) return;
    // read here rather than by restify's parser, whose errors are in English
    let activity: unknown;
    try {
      activity = JSON.parse(await readRaw(req, 256 * 1024));
    } catch (e) {
      const tooLarge = e instanceof TooLarge;
      fail(res, tooLarge ? 413 : 400, tooLarge ? '消息太大（上限 256 KB）。' : '请求体不是合法的 JSON。');
      return;
    }
    const shape = ActivityShape.safeParse(activity);
    if (!shape.success) {
      fail(res, 400, `请求体应为 Bot Framework 的 Activity JSON：${shape.error.issues.map((i) => `${i.path.join('.') || '请求体'} ${i.message}`).join('；')}`);
      return;
    }
    const a = shape.data;
    if (VERIFIED_ELSEWHERE.has(a.channelId.toLowerCase())) {
      o.log.warn({ channel: a.channelId, address: o.guards.address(req) }, 'activity posing as a verified channel refused');
      fail(res, 403, `「${a.channelId}」的消息只能经由该通道自己的已验证入口到达，不能通过本接口发送。`);
      return;
    }
    if (!serviceUrlAllowed(a.serviceUrl, o.config.BOT_SERVICE_URLS, anonymous)) {
      o.log.warn({ channel: a.channelId }, 'activity with a service URL outside the allow-list refused');
      fail(res, 400, 'serviceUrl 不在允许的渠道服务地址之内（见 BOT_SERVICE_URLS）。');
      return;
    }
    if (!o.guards.newConversation(req, res, `${a.channelId}/${a.conversation.id}`)) return;
    req.body = activity;
    await adapter.process(req, res, (context) => bot.run(context));
  });
}

/** The start-up line that says which mode /api/messages runs in. */
export function warnIfAnonymous(config: Config, log: Logger): void {
  if (config.MICROSOFT_APP_ID) return;
  const where = isLoopback(config.HOST) ? '' : `；当前 HOST=${config.HOST} 不是本机地址，/api/messages 将拒绝所有请求`;
  log.warn(
    { host: config.HOST },
    `未配置 MICROSOFT_APP_ID：/api/messages 以无身份验证的 Emulator 调试模式运行，只接受本机（loopback）请求${where}。正式上线请配置 Bot Framework 的应用 ID 和密码。`,
  );
}
