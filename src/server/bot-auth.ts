import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';

type Base = ConfigurationBotFrameworkAuthentication;
type Factory = ReturnType<Base['createConnectorFactory']>;
type Connector = Awaited<ReturnType<Factory['create']>>;
type TokenClient = Awaited<ReturnType<Base['createUserTokenClient']>>;
type Claims = Parameters<Base['createConnectorFactory']>[0];
type Authenticated = Awaited<ReturnType<Base['authenticateRequest']>>;

/** how many (bot, channel endpoint) clients are kept; a district's channels need a handful */
const KEEP = 200;

/**
 * botbuilder's authentication with its outbound clients reused. Stock CloudAdapter builds a new
 * ConnectorClient and UserTokenClient, each with its own HTTP pipeline, on every incoming activity;
 * in the profile that was about a sixth of a turn's CPU and much of its garbage. The clients hold no
 * per-turn state (a base URL and the bot's credentials, which refresh their own tokens), so one per
 * bot id, service URL and audience serves every turn. Authentication of the incoming request itself is
 * unchanged and still runs on every activity.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new Map<string, Promise<Connector>>();
  private readonly tokenClients = new Map<string, Promise<TokenClient>>();

  override async authenticateRequest(...args: Parameters<Base['authenticateRequest']>): Promise<Authenticated> {
    const result = await super.authenticateRequest(...args);
    return result.connectorFactory ? { ...result, connectorFactory: this.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  override createConnectorFactory(claims: Claims): Factory {
    return this.reusing(super.createConnectorFactory(claims), claims);
  }

  override createUserTokenClient(claims: Claims): Promise<TokenClient> {
    return remember(this.tokenClients, botId(claims), () => super.createUserTokenClient(claims));
  }

  private reusing(inner: Factory, claims: Claims): Factory {
    const bot = botId(claims);
    return {
      create: (serviceUrl: string, audience?: string) =>
        remember(this.connectors, `${bot}|${serviceUrl}|${audience ?? ''}`, () => inner.create(serviceUrl, audience)),
    } as Factory;
  }
}

/** the bot's own id as botbuilder reads it from the request's claims ('' when anonymous) */
function botId(claims: Claims): string {
  return claims.getClaimValue('aud') ?? claims.getClaimValue('appid') ?? '';
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) return hit;
  const made = make();
  cache.set(key, made);
  // a failure is not kept: the next turn tries again
  made.catch(() => cache.delete(key));
  if (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return made;
}
