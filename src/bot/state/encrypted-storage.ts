import type { Storage, StoreItems } from 'botbuilder';
import { isSealed, open, seal, type Keyring } from '../../util/crypto-at-rest.js';
import { dataJson, markRead, takeJson } from './item-json.js';

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
}
