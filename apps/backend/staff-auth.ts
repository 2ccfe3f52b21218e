import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'restify';
import { ApiError } from '../../src/acceptance/contract/errors.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Window and department staff authenticate with a Bearer token (STAFF_TOKEN). Hashing both sides
 * first makes the comparison constant-time whatever the lengths.
 */
export function staffGuard(token: string) {
  const want = digest(token);
  return <R>(h: (req: Request) => Promise<R>) =>
    async (req: Request): Promise<R> => {
      const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!.trim()), want)) {
        throw new ApiError(401, 'unauthorized', '需要有效的工作人员令牌（Authorization: Bearer …）');
      }
      return h(req);
    };
}
