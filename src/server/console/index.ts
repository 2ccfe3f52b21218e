import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { PROJECT_ROOT, type Knowledge } from '../../knowledge/load.js';
import { isoToday } from '../../engine/index.js';
import type { HandoffStore } from '../../bot/handoff.js';
import type { HandoverRegistry } from '../../bot/handovers.js';
import type { Understanding } from '../../bot/types.js';
import type { Logger } from '../../util/log.js';
import type { Config } from '../config.js';
import { guardConsole, securityHeaders } from './auth.js';
import { registerConsoleApi } from './api.js';
import { registerLogin } from './login.js';
import { LoginLimiter } from './rate-limit.js';
import { passwordStamp, SessionStore } from './sessions.js';
import { HttpSmsGateway, SmsOutbox, type SmsGateway } from './sms.js';
import { UserStore, usersFile } from './users.js';

export { UserStore, usersFile } from './users.js';
export { readAloud, smsText } from './script.js';
export type { SmsGateway, SmsRecord } from './sms.js';

export interface ConsoleDeps {
  k: Knowledge;
  nlu: Understanding;
  storage: Storage;
  handovers: HandoverRegistry;
  handoff: HandoffStore;
  dataDir: string;
  config: Pick<Config, 'CONSOLE_SESSION_HOURS' | 'SMS_GATEWAY_URL'>;
  log: Logger;
  today?: () => string;
  /** the clock sessions and sign-in limits run on */
  now?: () => number;
  /** replaces the gateway chosen from SMS_GATEWAY_URL */
  smsGateway?: SmsGateway;
}

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
export function registerConsole(server: Server, deps: ConsoleDeps): { users: UserStore } {
  const now = deps.now ?? Date.now;
  const dir = join(deps.dataDir, 'console');
  const sessionHours = deps.config.CONSOLE_SESSION_HOURS;
  const users = new UserStore(usersFile(deps.dataDir));
  const sessions = new SessionStore(join(dir, 'sessions.json'), sessionHours * 3_600_000, now);
  const gateway = deps.smsGateway ?? (deps.config.SMS_GATEWAY_URL ? new HttpSmsGateway(deps.config.SMS_GATEWAY_URL) : null);
  const sms = new SmsOutbox(join(dir, 'sms-outbox.json'), gateway, deps.log);

  guardConsole(server, sessions, async (s) => {
    const u = await users.get(s.user);
    return !!u && passwordStamp(u.hash) === s.stamp;
  });
  registerLogin(server, {
    users,
    sessions,
    limits: { name: new LoginLimiter(5, 15 * 60_000, now), ip: new LoginLimiter(50, 15 * 60_000, now) },
    sessionHours,
    publicDir: PUBLIC_DIR,
    log: deps.log,
  });
  registerConsoleApi(server, {
    k: deps.k,
    nlu: deps.nlu,
    storage: deps.storage,
    handovers: deps.handovers,
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
  return { users };
}
