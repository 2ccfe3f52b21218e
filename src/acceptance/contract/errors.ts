import { z } from 'zod';
import type { ErrorBody } from './case.js';

/**
 * An error with its HTTP status and the body both sides agree on. The server throws it; the client
 * rebuilds it from a response, so callers see the backend's Chinese message either way.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  body(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }

  /** Worth trying again later: the backend or the network may recover; a refused document will not. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 401 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** zod issues as the error body's details, path joined with dots. */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ErrorBody['details'] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parse options that word zod's own messages in Chinese; a schema's custom message still wins. */
export const ZH: { error: z.core.$ZodErrorMap } = { error: z.locales.zhCN().localeError };
