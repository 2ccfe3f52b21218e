import { type BotState, ConversationState, UserState, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import { dataJson, jsonAsRead, withJson } from './item-json.js';
import { ABSENT_ETAG } from './etag.js';

interface Cached {
  state: { [k: string]: unknown; eTag?: string };
  /** the state as JSON when loaded or last saved; '' forces the next save */
  json: string;
  /** the stored eTag this turn's save must match (ABSENT_ETAG: nothing stored yet) */
  eTag: string;
}

/** A state's change, ready to be written with others in one storage call. */
export interface PendingWrite {
  changes: StoreItems;
  /** after the write succeeded: the state is now what was written */
  done(): void;
}

/**
 * botbuilder's BotState decides whether to save by hashing the state three times a turn with its own
 * cycle-safe stringify and SHA-256: for a conversation of a few KB that was a tenth of a turn's CPU.
 * Our state is plain JSON data (no cycles, no classes), so a plain JSON.stringify compared as a string
 * says the same thing. Unlike botbuilder (eTag '*', last writer wins), a save carries the eTag read at
 * the start of the turn (ABSENT_ETAG when nothing was there): a state changed since is not overwritten,
 * the storage refuses the write and the caller runs the turn again from fresh state.
 */
// biome-ignore lint/suspicious/noExplicitAny: TypeScript accepts a mixin only over a constructor taking `...args: any[]`
function plainJsonState<T extends new (...args: any[]) => BotState>(Base: T) {
  return class extends Base {
    readonly cacheKey = Symbol('json-state');

    override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
      const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      if (!force && cached?.state) return cached.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state = (items[key] ?? {}) as Cached['state'];
      context.turnState.set(this.cacheKey, { state, json: jsonAsRead(state) ?? dataJson(state), eTag: state.eTag ?? ABSENT_ETAG } satisfies Cached);
      return state;
    }

    /** What saveChanges would write, without writing it (null: nothing changed). */
    async pending(context: TurnContext, force = false): Promise<PendingWrite | null> {
      const loaded = context.turnState.get(this.cacheKey) as Cached | undefined;
      // as botbuilder: nothing loaded, nothing to save, unless forced
      if (!loaded && !force) return null;
      const cached = loaded ?? { state: {}, json: '', eTag: ABSENT_ETAG };
      const json = dataJson(cached.state);
      if (!force && cached.json === json) return null;
      const key = await this.storageKey(context);
      cached.state.eTag = cached.eTag;
      return {
        changes: { [key]: withJson(cached.state, json) },
        done: () => {
          cached.json = json;
          // our storages hand the new eTag back on the item written
          cached.eTag = cached.state.eTag ?? cached.eTag;
          context.turnState.set(this.cacheKey, cached);
        },
      };
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      await writeAll(this.storage, [await this.pending(context, force)]);
    }

    override clear(context: TurnContext): Promise<void> {
      // emptied, not forgotten: the save replaces the version this turn read
      const eTag = (context.turnState.get(this.cacheKey) as Cached | undefined)?.eTag ?? ABSENT_ETAG;
      context.turnState.set(this.cacheKey, { state: {}, json: '', eTag } satisfies Cached);
      return Promise.resolve();
    }

    /** Forgets what this turn loaded, so the next read is fresh from the storage (a turn run again). */
    forget(context: TurnContext): void {
      context.turnState.delete(this.cacheKey);
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.cacheKey);
      await this.storage.delete([await this.storageKey(context)]);
    }

    override get(context: TurnContext): Record<string, unknown> | undefined {
      const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      return typeof cached?.state === 'object' ? cached.state : undefined;
    }
  };
}

/**
 * Several states' changes in one storage call: a storage that writes a call in one transaction
 * (PostgreSQL) then saves a turn's conversation and user state together or not at all.
 */
export async function writeAll(storage: Storage, writes: (PendingWrite | null)[]): Promise<void> {
  const some = writes.filter((w): w is PendingWrite => w !== null);
  if (some.length === 0) return;
  await storage.write(Object.assign({}, ...some.map((w) => w.changes)));
  some.forEach((w) => {
    w.done();
  });
}

export const PlainConversationState = plainJsonState(ConversationState);
export const PlainUserState = plainJsonState(UserState);
