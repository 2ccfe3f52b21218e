/**
 * Optimistic concurrency between a turn and its storage. A turn writes its state with the eTag it read
 * (never '*'), so a write over state that changed since is refused instead of overwriting someone
 * else's turn; the turn then runs again from fresh state.
 */

/** The eTag a turn writes when it read nothing: the write succeeds only if the item still does not exist. */
export const ABSENT_ETAG = '0';

export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/**
 * Conflicts as thrown by our storages (by type), and by botbuilder's own, which throw a plain Error
 * (MemoryStorage, Cosmos: "eTag conflict"): the one place that reads a message, because botbuilder
 * gives nothing else to go by.
 */
export const isETagConflict = (e: unknown): boolean => e instanceof ETagConflictError || (e instanceof Error && /eTag conflict/i.test(e.message));
