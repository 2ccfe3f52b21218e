import { BotState, ConversationState, UserState, type TurnContext } from 'botbuilder';
import { itemJsonAsRead, writeWithJson } from './lowdb-storage.js';

interface Cached {
  state: { [k: string]: unknown; eTag?: string };
  /** the state as JSON when loaded or last saved; '' forces the next save */
  json: string;
}

const snapshot = (state: Cached['state']): string => {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
};

/**
 * botbuilder's BotState decides whether to save by hashing the state three times a turn with its own
 * cycle-safe stringify and SHA-256: for a conversation of a few KB that was a tenth of a turn's CPU.
 * Our state is plain JSON data (no cycles, no classes), so a plain JSON.stringify compared as a string
 * says the same thing. Everything else (keys, eTag '*' on write, storage) is botbuilder's behaviour.
 */
function plainJsonState<T extends new (...args: any[]) => BotState>(Base: T) {
  return class extends Base {
    readonly cacheKey = Symbol('json-state');

    override async load(context: TurnContext, force = false): Promise<any> {
      const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      if (!force && cached?.state) return cached.state;
      const key = await this.storageKey(context);
      const items = await this.storage.read([key]);
      const state = (items[key] ?? {}) as Cached['state'];
      context.turnState.set(this.cacheKey, { state, json: itemJsonAsRead(state) ?? snapshot(state) } satisfies Cached);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      let cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      const json = cached ? snapshot(cached.state) : '';
      if (!force && (!cached || cached.json === json)) return;
      cached ??= { state: {}, json: '' };
      const key = await this.storageKey(context);
      const saved = json || snapshot(cached.state);
      cached.state.eTag = '*';
      await this.storage.write({ [key]: writeWithJson(cached.state, saved) });
      cached.json = saved;
      context.turnState.set(this.cacheKey, cached);
    }

    override clear(context: TurnContext): Promise<void> {
      context.turnState.set(this.cacheKey, { state: {}, json: '' } satisfies Cached);
      return Promise.resolve();
    }

    override async delete(context: TurnContext): Promise<void> {
      context.turnState.delete(this.cacheKey);
      await this.storage.delete([await this.storageKey(context)]);
    }

    override get(context: TurnContext): any {
      const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
      return typeof cached?.state === 'object' ? cached.state : undefined;
    }
  };
}

export const PlainConversationState = plainJsonState(ConversationState);
export const PlainUserState = plainJsonState(UserState);
