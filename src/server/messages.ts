import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type TurnContext,
} from 'botbuilder';
import type { Server } from 'restify';
import restify from 'restify';
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
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}, credentials));
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
  server.post('/api/messages', restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }), async (req, res) => {
    if (!req.body || typeof req.body !== 'object' || typeof (req.body as { type?: unknown }).type !== 'string') {
      res.status(400);
      res.json({ error: '请求体应为 Bot Framework 的 Activity JSON（至少包含 type 字段）。' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });
}
