import { describe, expect, it } from 'vitest';
import { ConfigurationServiceClientCredentialFactory, type Activity } from 'botbuilder';
import { ReusingBotFrameworkAuthentication } from '../../src/server/bot-auth.js';

const activity = (serviceUrl: string) =>
  ({ type: 'message', text: '你好', channelId: 'test', serviceUrl, conversation: { id: 'c' }, from: { id: 'u' }, recipient: { id: 'b' } }) as Activity;

describe('Bot Framework clients reused across turns', () => {
  const auth = new ReusingBotFrameworkAuthentication({}, new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));

  it('one connector client per service URL, one token client per bot, the request still authenticated each time', async () => {
    const a = await auth.authenticateRequest(activity('http://127.0.0.1:1'), '');
    const b = await auth.authenticateRequest(activity('http://127.0.0.1:1'), '');
    const ca = await a.connectorFactory!.create('http://127.0.0.1:1', a.audience);
    const cb = await b.connectorFactory!.create('http://127.0.0.1:1', b.audience);
    expect(cb).toBe(ca);
    const other = await b.connectorFactory!.create('http://127.0.0.1:2', b.audience);
    expect(other).not.toBe(ca);
    // the proactive path (continueConversation) builds its factory from the claims alone
    expect(await auth.createConnectorFactory(a.claimsIdentity).create('http://127.0.0.1:1', a.audience)).toBe(ca);
    expect(await auth.createUserTokenClient(a.claimsIdentity)).toBe(await auth.createUserTokenClient(b.claimsIdentity));
  });

  it('still refuses a forged token when an app id is configured', async () => {
    const strict = new ReusingBotFrameworkAuthentication(
      {},
      new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret' }),
    );
    await expect(strict.authenticateRequest(activity('http://127.0.0.1:1'), 'Bearer not-a-jwt')).rejects.toThrow();
  });
});
