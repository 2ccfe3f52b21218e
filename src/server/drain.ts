import type { Request, Response, Server } from 'restify';
import type { TurnLock } from '../bot/turn-lock.js';
import { fail } from './http.js';

/**
 * The routes on which a request starts a turn: refused while draining, so that a proxy sends the
 * citizen's message to an instance that will still be there to answer it.
 */
const TURN_ROUTES = [/^\/api\/messages\/?$/, /^\/wechat\/?$/, /^\/wecom\/?$/, /^\/console\/api\/handovers\/[^/]+\/reply\/?$/];

/** Seconds a client (or the proxy) is told to wait before trying again: another instance will answer. */
const RETRY_AFTER_SECONDS = 2;

export type Readiness = 'starting' | 'ready' | 'draining';

/**
 * Readiness and the drain on SIGTERM. Every turn (a user's message, a notice, an operator's reply)
 * runs under the turn lock, so counting at the lock counts them all, whichever route or worker
 * started them; waiting for the count to reach nought also waits for each lock to be released.
 */
export class Drain {
  private state: Readiness = 'starting';
  private inFlight = 0;
  private idle: (() => void)[] = [];

  get readiness(): Readiness {
    return this.state;
  }

  get turnsInFlight(): number {
    return this.inFlight;
  }

  ready(): void {
    if (this.state === 'starting') this.state = 'ready';
  }

  /** The turn lock with every turn counted. */
  counting(lock: TurnLock): TurnLock {
    return {
      run: async <T>(key: string, fn: () => Promise<T>): Promise<T> => {
        this.inFlight++;
        try {
          return await lock.run(key, fn);
        } finally {
          this.inFlight--;
          if (this.inFlight === 0) for (const ok of this.idle.splice(0)) ok();
        }
      },
    };
  }

  /** Refuses turn routes while not ready; /readyz answers 503 then (a proxy stops sending here). */
  register(server: Server): void {
    server.pre((req: Request, res: Response, next: (e?: unknown) => void) => {
      if (this.state === 'ready' || req.method !== 'POST') return next();
      const path = (req.getPath?.() ?? req.url ?? '').split('?')[0]!;
      if (!TURN_ROUTES.some((r) => r.test(path))) return next();
      res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      fail(res, 503, this.state === 'starting' ? '服务正在启动，请稍后再发。' : '本实例正在停止，请稍后重发（其他实例会接着回答）。');
      return next(false);
    });
    server.get('/readyz', async (_req: Request, res: Response) => {
      res.status(this.state === 'ready' ? 200 : 503);
      if (this.state !== 'ready') res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      res.json({ status: this.state, turnsInFlight: this.inFlight });
    });
  }

  /** Stops taking turns and resolves when those in flight have finished (or `timeoutMs` passed: false). */
  async drain(timeoutMs: number): Promise<boolean> {
    this.state = 'draining';
    if (this.inFlight === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      new Promise<boolean>((ok) => this.idle.push(() => ok(true))),
      new Promise<boolean>((ok) => {
        timer = setTimeout(() => ok(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return finished;
  }
}
