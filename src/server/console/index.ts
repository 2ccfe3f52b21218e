import type { TextCodec } from '../../util/files.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT, type Knowledge } from '../../knowledge/load.js';
import { isoToday } from '../../engine/index.js';
import type { HandoffStore } from '../../bot/handoff.js';
import type { HandoverStore } from '../../bot/handovers.js';
import type { HandoverChat } from '../../bot/handover-chat.js';
import type { AssistantBot } from '../../bot/bot.js';
import type { Understanding } from '../../bot/types.js';
import type { Logger } from '../../util/log.js';
import type { Config } from '../config.js';
import { guardConsole, securityHeaders } from './auth.js';
import { registerConsoleApi } from './api.js';
import { registerLogin } from './login.js';
import { Backoff, FileCounterStore, type CounterStore } from './rate-limit.js';
import { HandoverDesk, type ContinueFn } from './desk.js';
import { passwordStamp, SessionStore, type Sessions } from './sessions.js';
import { HttpSmsGateway, SmsOutbox, type SmsGateway } from './sms.js';
import { UserStore, usersFile, type Operators } from './users.js';

export { UserStore, usersFile, type Operators } from './users.js';
export type { SmsGateway } from './sms.js';

export interface ConsoleDeps {
  k: Knowledge;
  nlu: Understanding;
  storage: Storage;
  handovers: HandoverStore;
  handoverChat: HandoverChat;
  /** the bot whose proactive turns carry operators' replies */
  bot: AssistantBot;
  /** how each channel speaks unasked (as for status notices); unset or undefined: kept for the next message */
  continueFor?: (channelId: string) => ContinueFn | undefined;
  /** sign-in failure counters; a file in DATA_DIR/console by default (Redis when shared) */
  counters?: CounterStore;
  /** signed-in operators; a file in DATA_DIR/console by default (PostgreSQL when shared) */
  sessions?: Sessions;
  /** operator accounts; DATA_DIR/console/users.json by default (PostgreSQL when shared) */
  users?: Operators;
  handoff: HandoffStore;
  dataDir: string;
  config: Pick<Config, 'CONSOLE_SESSION_HOURS' | 'SMS_GATEWAY_URL'>;
  log: Logger;
  today?: () => string;
  /** the clock sessions and sign-in limits run on */
  now?: () => number;
  /** replaces the gateway chosen from SMS_GATEWAY_URL */
  smsGateway?: SmsGateway;
  /** how the SMS outbox is kept on disk (sealed by the server; plain in tests that read it) */
  seal?: TextCodec;
}

const HOUR = 3_600_000;
const PUBLIC_DIR = join(PROJECT_ROOT, 'src', 'server', 'console', 'public');

/** The files the page is made of; nothing else in the folder is served. */
const ASSETS: Record<string, { file: string; type: string }> = {
  '/console': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/console/assets/base.css': { file: 'base.css', type: 'text/css; charset=utf-8' },
  '/console/assets/console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
  '/console/assets/print.css': { file: 'print.css', type: 'text/css; charset=utf-8' },
  '/console/assets/console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * The 12345 hotline console at /console: staff sign-in, then one page to find the bundle from the
 * caller's words, answer every situation question, read out / print / text the checklist, hand the
 * case to WeChat with a code, and see who asked for a person. Register after createApp.
 */
export function registerConsole(server: Server, deps: ConsoleDeps): { users: Operators; desk: HandoverDesk } {
  const now = deps.now ?? Date.now;
  const dir = join(deps.dataDir, 'console');
  const sessionHours = deps.config.CONSOLE_SESSION_HOURS;
  const users = deps.users ?? new UserStore(usersFile(deps.dataDir));
  const sessions = deps.sessions ?? new SessionStore(join(dir, 'sessions.json'), sessionHours * 3_600_000, now);
  const gateway = deps.smsGateway ?? (deps.config.SMS_GATEWAY_URL ? new HttpSmsGateway(deps.config.SMS_GATEWAY_URL) : null);
  const sms = new SmsOutbox(join(dir, 'sms-outbox.json'), gateway, deps.log, deps.seal);

  const counters = deps.counters ?? new FileCounterStore(join(dir, 'login-backoff.json'));
  const desk = new HandoverDesk({
    store: deps.handovers,
    chat: deps.handoverChat,
    bot: deps.bot,
    storage: deps.storage,
    continueFor: deps.continueFor,
    log: deps.log,
  });
  desk.start();

  guardConsole(server, sessions, async (s) => {
    const u = await users.get(s.user);
    return !!u && passwordStamp(u.hash) === s.stamp;
  });
  registerLogin(server, {
    users,
    sessions,
    limits: {
      nameAtAddress: new Backoff(counters, 'na:', { free: 3, baseMs: 1000, maxMs: 60_000, forgetMs: HOUR }, now),
      name: new Backoff(counters, 'n:', { free: 10, baseMs: 1000, maxMs: 15_000, forgetMs: HOUR }, now),
      address: new Backoff(counters, 'a:', { free: 30, baseMs: 1000, maxMs: 30_000, forgetMs: HOUR }, now),
    },
    sessionHours,
    publicDir: PUBLIC_DIR,
    log: deps.log,
  });
  registerConsoleApi(server, {
    k: deps.k,
    nlu: deps.nlu,
    storage: deps.storage,
    handovers: deps.handovers,
    handoverChat: deps.handoverChat,
    desk,
    handoff: deps.handoff,
    sms,
    today: deps.today ?? (() => isoToday()),
    log: deps.log,
  });

  for (const [path, asset] of Object.entries(ASSETS)) {
    server.get(path, async (_req: Request, res: Response) => {
      const content = await readFile(join(PUBLIC_DIR, asset.file));
      securityHeaders(res);
      res.writeHead(200, { 'Content-Type': asset.type });
      res.end(content);
    });
  }
  return { users, desk };
}
