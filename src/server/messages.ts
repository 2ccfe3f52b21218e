import {
  CloudAdapter,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import { ReusingBotFrameworkAuthentication } from './bot-auth.js';
import { fail, readRaw } from './http.js';
import type { Config } from './config.js';
import type { Logger } from '../util/log.js';

/**
 * Bot Framework's CloudAdapter on /api/messages. Without an app id it accepts anonymous requests
 * (Emulator, tests, expectReplies); with one it checks the channel's JWT.
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
      await context.sendActivity('抱歉，系统出了点问题，您的回答都还保留着，请稍后再试。');
    } catch {
      // the channel may be unreachable too; the log has the cause
    }
  };
  return adapter;
}

export function registerMessages(server: Server, adapter: CloudAdapter, bot: { run(c: TurnContext): Promise<void> }): void {
  server.post('/api/messages', async (req, res) => {
    // read here rather than by restify's parser, whose errors are in English
    let activity: unknown;
    try {
      activity = JSON.parse(await readRaw(req, 256 * 1024));
    } catch (e) {
      const tooLarge = (e as Error).message === 'body too large';
      fail(res, tooLarge ? 413 : 400, tooLarge ? '消息太大（上限 256 KB）。' : '请求体不是合法的 JSON。');
      return;
    }
    if (!activity || typeof activity !== 'object' || typeof (activity as { type?: unknown }).type !== 'string') {
      fail(res, 400, '请求体应为 Bot Framework 的 Activity JSON（至少包含 type 字段）。');
      return;
    }
    req.body = activity;
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
