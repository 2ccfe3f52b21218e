import { BotState, ConversationState, UserState, type TurnContext } from 'botbuilder';
import { dataJson, jsonAsRead, withJson } from './item-json.js';

interface Cached {
  state: { [k: string]: unknown; eTag?: string };
  /** the state as JSON when loaded or last saved; '' forces the next save */
  json: string;
}

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
      context.turnState.set(this.cacheKey, { state, json: jsonAsRead(state) ?? dataJson(state) } satisfies Cached);
      return state;
    }

    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      const loaded = context.turnState.get(this.cacheKey) as Cached | undefined;
      // as botbuilder: nothing loaded, nothing to save, unless forced
      if (!loaded && !force) return;
      const cached = loaded ?? { state: {}, json: '' };
      const json = dataJson(cached.state);
      if (!force && cached.json === json) return;
      const key = await this.storageKey(context);
      cached.state.eTag = '*';
      await this.storage.write({ [key]: withJson(cached.state, json) });
      cached.json = json;
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
