import type { Storage } from 'botbuilder';
import { DataKeyError, isSealed, type Keyring, sealedKeyId } from '../../util/crypto-at-rest.js';
import { EncryptedStorage } from './encrypted-storage.js';
import { isETagConflict } from './etag.js';
import { HashedKeyStorage } from './hashed-keys.js';

/**
 * The bot's storage at rest: each item sealed (EncryptedStorage), kept under an HMAC of its key
 * (HashedKeyStorage). One composition, for the server and the rotation script alike.
 */
export function sealedStorage(inner: Storage, ring: Keyring, lookups: Buffer[]): EncryptedStorage {
  return new EncryptedStorage(new HashedKeyStorage(inner, ring, lookups), ring);
}

export interface RotationResult {
  /** records re-encrypted or moved under the current key (plaintext ones and plain keys included) */
  rewritten: number;
  /** records already under the current key */
  current: number;
  /** records no configured key opens: left as they are, and named by count so the operator can act */
  unreadable: number;
}

/**
 * Re-encrypts every record of the store under the ring's current key, at its key's current hash (key
 * rotation). Safe beside a running server: each record is rewritten with the eTag read, and a record a
 * live turn wrote meanwhile is left to that turn.
 */
export async function rotateStore(store: Storage & { keys(): Promise<string[]> }, ring: Keyring, lookups: Buffer[]): Promise<RotationResult> {
  const hashed = new HashedKeyStorage(store, ring, lookups);
  const enc = new EncryptedStorage(hashed, ring);
  const result: RotationResult = { rewritten: 0, current: 0, unreadable: 0 };
  for (const place of await store.keys()) {
    try {
      const item = (await store.read([place]))[place];
      if (item === undefined) continue;
      const key = hashed.keyOf(place, item);
      if (key === undefined) throw new DataKeyError('记录缺少它自己的键 / a hashed record without its sealed key');
      const target = hashed.place(key);
      if (place !== target && (await store.read([target]))[target]) {
        // a live turn has moved it already: this copy is stale
        await store.delete([place]);
        result.rewritten++;
        continue;
      }
      const sealed = (item as { sealed?: unknown }).sealed;
      if (place === target && isSealed(sealed) && sealedKeyId(sealed) === ring.current.id) {
        result.current++;
        continue;
      }
      const value = (await enc.read([key]))[key];
      // not found by its own key: the lookup key is not the one it was stored with (DATA_LOOKUP_KEY)
      if (!value) throw new DataKeyError('记录不在其键的查找位置（DATA_LOOKUP_KEY 不符） / record not where its key leads (DATA_LOOKUP_KEY differs)');
      await enc.write({ [key]: value });
      result.rewritten++;
    } catch (e) {
      if (isETagConflict(e)) result.rewritten++;
      else if (e instanceof DataKeyError) result.unreadable++;
      else throw e;
    }
  }
  return result;
}
