import type { Storage, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../util/log.js';
import { maskOpenId } from '../../util/mask.js';
import type { Config } from '../config.js';
import { DISK_FULL_MESSAGE, DiskGuard } from './disk.js';
import { hardenServer, answerError, currentRequest } from './harden.js';
import { normaliseUrl } from './path.js';
import { clientAddress, fromThisMachine } from './peer.js';
import { NewPerWindow, TokenBucketLimiter, type LimiterFactory, type RateLimiter } from './rate-limit.js';
import { conversationKey } from '../../bot/state/keys.js';

export { keepServing } from './harden.js';
export type { RateLimiter } from './rate-limit.js';

export const TOO_FAST = '请求太频繁了，请稍等一会儿再试。';
const USER_TOO_FAST = '您发消息太快了，请稍等几秒再发。';
const TOO_MANY_NEW = '从您的网络新开的咨询太多了，请稍后再试，或继续已有的对话。';

/** Routes whose callers prove who they are by a signature (WeChat's servers share a few addresses). */
const SIGNED = /^\/(wechat|wecom|api\/backend\/events)(\/|$)/;

export interface Guards {
  /** takes a token for the request's address; answers 429 and returns false when there is none */
  perAddress(req: Request, res: Response): Promise<boolean>;
  /** the cap on new conversations per address per window; answers 429 and returns false beyond it */
  newConversation(req: Request, res: Response, conversationId: string): boolean;
  /** the request's client address (a trusted proxy's forwarded one) */
  address(req: Request): string;
  /** wraps the bot so every channel's users are limited and no new conversation starts on a full disk */
  guardBot(bot: { run(c: TurnContext): Promise<void> }, storage: Storage): void;
}

export interface GuardOptions {
  /** replaces the in-memory limiters (a shared store across instances) */
  addressLimiter?: RateLimiter;
  userLimiter?: RateLimiter;
  /** makes both limiters (Redis when several instances share the counts) */
  limiters?: LimiterFactory;
}

/**
 * The server-level guards, installed on a fresh server before any route: handlers cannot crash the
 * process, the path is normalised before routing, public routes are rate-limited per address.
 */
export function installGuards(server: Server, config: Config, log: Logger, dataDir: string, o: GuardOptions = {}): Guards {
  hardenServer(server, log);
  const trust = config.TRUST_PROXY;
  const address = (req: Request) => clientAddress(req, trust);
  const perMinute = config.RATE_LIMIT_PER_MINUTE;
  const make: LimiterFactory = o.limiters ?? ((_name, b) => new TokenBucketLimiter(b));
  const byAddress = o.addressLimiter ?? make('address', { capacity: Math.max(10, Math.ceil(perMinute / 4)), perSecond: perMinute / 60 });
  const byUser = o.userLimiter ?? make('user', { capacity: config.RATE_LIMIT_USER_PER_MINUTE, perSecond: config.RATE_LIMIT_USER_PER_MINUTE / 60 });
  const fresh = new NewPerWindow(config.NEW_CONVERSATIONS_PER_HOUR, 3_600_000);
  const disk = new DiskGuard(dataDir, config.DISK_MIN_FREE_MB * 1048576, log);

  const perAddress = async (req: Request, res: Response): Promise<boolean> => {
    // the machine itself (operators' scripts, tests, the bench) is not a public client
    if (fromThisMachine(req) && !trust) return true;
    if (await byAddress.take(address(req))) return true;
    res.header('Retry-After', '10');
    res.status(429);
    res.json({ error: TOO_FAST });
    return false;
  };

  server.pre((req: Request, res: Response, next: (e?: unknown) => void) => {
    const v = normaliseUrl(req.url ?? '/');
    if (!v.ok) {
      log.warn({ reason: v.reason, method: req.method }, 'ambiguous path refused');
      answerError(res, 400, `请求地址不合法：${v.reason}。`);
      return next(false);
    }
    if (v.path !== req.url) {
      req.url = v.path;
      // restify caches the parsed URL; the router must see the normalised one
      delete (req as unknown as { _url?: unknown })._url;
    }
    const path = v.path.split('?')[0]!;
    if (path.startsWith('/api/') && path !== '/api/messages' && !SIGNED.test(path)) {
      perAddress(req, res).then(
        (ok) => next(ok ? undefined : false),
        (e: unknown) => next(e),
      );
      return;
    }
    return next();
  });

  return {
    perAddress,
    address,
    newConversation(req, res, conversationId) {
      if (fromThisMachine(req) && !trust) return true;
      if (fresh.admit(address(req), conversationId)) return true;
      log.warn({ address: address(req) }, 'new-conversation cap reached');
      res.status(429);
      res.json({ error: TOO_MANY_NEW });
      return false;
    },
    guardBot(bot, storage) {
      const run = bot.run.bind(bot);
      bot.run = async (context: TurnContext) => {
        const a = context.activity;
        const user = `${a.channelId}:${a.from?.id ?? ''}`;
        const req = currentRequest();
        // the terminal channel is this machine's own user: no request can open it (/api/messages refuses it)
        const local = a.channelId === 'terminal' || (!trust && !!req && fromThisMachine(req));
        if (!local && !(await byUser.take(user))) {
          log.warn({ channel: a.channelId, user: maskOpenId(a.from?.id ?? '') }, 'user rate limit');
          await context.sendActivity(USER_TOO_FAST);
          return;
        }
        if (!(await disk.roomForNew())) {
          const key = conversationKey(a.channelId, a.conversation?.id ?? '');
          const known = await storage.read([key]).then(
            (r) => !!r[key],
            () => false,
          );
          if (!known) {
            await context.sendActivity(DISK_FULL_MESSAGE);
            return;
          }
        }
        return run(context);
      };
    },
  };
}
