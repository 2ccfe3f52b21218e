import type { Storage, StoreItems } from 'botbuilder';
import { DataKeyError, isSealed, open, seal, sealedKeyId, type Keyring } from '../../util/crypto-at-rest.js';
import { dataJson, jsonAsRead, markRead, takeJson } from './item-json.js';

/** The one field a sealed item carries besides its eTag. */
export const SEALED_FIELD = 'sealed';

interface SealedItem {
  eTag?: string;
  [SEALED_FIELD]: string;
}

const sealedOf = (item: unknown): string | undefined => {
  const v = (item as { [SEALED_FIELD]?: unknown } | undefined)?.[SEALED_FIELD];
  return isSealed(v) ? v : undefined;
};

/**
 * A botbuilder Storage that encrypts every item at rest around another Storage: on write an item's data
 * (all but its eTag) becomes one sealed string, so the inner storage keeps `{ sealed, eTag }` and checks
 * eTags as before; on read the string is opened back into the item. Records written before encryption
 * (plaintext) are read as they are and sealed at their next write, so an existing data folder keeps
 * working. A record whose key is not configured fails the read with DataKeyError: never treated as
 * missing, which would start the citizen over and overwrite what they gave.
 *
 * The item JSON handed over by the bot state (item-json) is used as the plaintext, and what was opened is
 * marked as read, so the state still serialises a turn once.
 */
export class EncryptedStorage implements Storage {
  constructor(
    readonly inner: Storage,
    private readonly ring: Keyring,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items = await this.inner.read(keys);
    const out: StoreItems = {};
    for (const [key, item] of Object.entries(items)) {
      const sealed = sealedOf(item);
      if (sealed === undefined) {
        out[key] = item;
        continue;
      }
      const json = open(this.ring, sealed);
      const data = JSON.parse(json) as { [k: string]: unknown };
      out[key] = markRead({ ...data, eTag: (item as SealedItem).eTag }, json);
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const sealed: StoreItems = {};
    for (const [key, item] of Object.entries(changes)) {
      const json = takeJson(item as object) ?? dataJson(item as { eTag?: string });
      const s: SealedItem = { [SEALED_FIELD]: seal(this.ring, json) };
      const eTag = (item as { eTag?: string }).eTag;
      if (eTag !== undefined) s.eTag = eTag;
      sealed[key] = s;
    }
    await this.inner.write(sealed);
    // a storage that hands the stored eTag back on the written item (LowdbStorage does) does so through here too
    for (const [key, item] of Object.entries(changes)) {
      const eTag = (sealed[key] as SealedItem).eTag;
      if (eTag !== undefined && item && typeof item === 'object') (item as { eTag?: string }).eTag = eTag;
    }
  }

  delete(keys: string[]): Promise<void> {
    return this.inner.delete(keys);
  }

  /**
   * Re-encrypts one record under the current key if it is plaintext or sealed under another key (the
   * rotation script walks the store with this). Returns whether it was rewritten; the write carries the
   * eTag read, so a record changed meanwhile by a live turn is left to that turn.
   */
  async reseal(key: string): Promise<boolean> {
    const item = (await this.inner.read([key]))[key];
    if (item === undefined) return false;
    const sealed = sealedOf(item);
    if (sealed !== undefined && sealedKeyId(sealed) === this.ring.current.id) return false;
    const current = (await this.read([key]))[key] as { eTag?: string; [k: string]: unknown };
    const json = jsonAsRead(current) ?? dataJson(current);
    await this.inner.write({ [key]: { [SEALED_FIELD]: seal(this.ring, json), eTag: current.eTag } });
    return true;
  }
}

export interface RotationResult {
  /** records re-encrypted under the current key (plaintext ones included) */
  rewritten: number;
  /** records already under the current key */
  current: number;
  /** records no configured key opens: left as they are, and named by count so the operator can act */
  unreadable: number;
}

/** Re-encrypts every record of the store under the ring's current key (key rotation). */
export async function rotateStore(store: Storage & { keys(): Promise<string[]> }, ring: Keyring): Promise<RotationResult> {
  const enc = new EncryptedStorage(store, ring);
  const result: RotationResult = { rewritten: 0, current: 0, unreadable: 0 };
  for (const key of await store.keys()) {
    try {
      if (await enc.reseal(key)) result.rewritten++;
      else result.current++;
    } catch (e) {
      if (!(e instanceof DataKeyError)) throw e;
      result.unreadable++;
    }
  }
  return result;
}
