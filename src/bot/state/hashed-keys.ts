import { createHmac } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { join } from 'node:path';
import { isSealed, type Keyring, keyFromFile, open, parseKey, seal } from '../../util/crypto-at-rest.js';
import { ABSENT_ETAG } from './etag.js';

/** The field of a stored item holding its own key, sealed: rotation re-hashes the key under a new one. */
export const KEY_FIELD = 'k';
/** how a hashed record key starts (a key written before hashing is stored as it is) */
export const HASHED_PREFIX = 'h1.';
/** records read at an older place and not yet written back; forgetting one only costs a retried turn */
const MOVES_KEPT = 10_000;

/** The lookup key of a data key: HMAC with a label, so the AES key itself never keys a second use. */
const derived = (dataKey: Buffer): Buffer => createHmac('sha256', dataKey).update('yjs record keys v1').digest();

export interface LookupSource {
  /** DATA_LOOKUP_KEY: base64 of 32 bytes, the same on every instance */
  key?: string;
  ring: Keyring;
  dataDir: string;
  /** the store is shared by several instances (PostgreSQL): a key generated per instance would not do */
  shared: boolean;
}

/**
 * The keys records are looked up with, the current one first. DATA_LOOKUP_KEY when set; else, for a
 * store of this machine, one generated once into `DATA_DIR/keys/lookup.key`; else (a shared store)
 * derived from the data keys, so it moves with a rotation (`rotate-key` moves the records). A lookup
 * key that stays put when the data key changes means a wrong data key still finds a record, and the
 * citizen is told it cannot be read instead of being started over.
 */
export function lookupKeys(src: LookupSource): Buffer[] {
  const fromRing = [src.ring.current.key, ...[...src.ring.keys].filter(([id]) => id !== src.ring.current.id).map(([, k]) => k)].map(derived);
  if (src.key?.trim()) return [parseKey(src.key, 'DATA_LOOKUP_KEY'), ...fromRing];
  return src.shared ? fromRing : [keyFromFile(join(src.dataDir, 'keys', 'lookup.key'))];
}

type Item = { eTag?: string; [k: string]: unknown };

/**
 * Record keys name people (`wechat/conversations/<openid>/`, `wechat/replies/<account>/<openid>/…`), so
 * the store keeps each record under an HMAC of its key instead: whoever reads the files or the table
 * cannot tell whose a record is, or find a given person's, without the key. The HMAC is only a lookup:
 * every read and write names its key, and nothing lists the store by key but `rotate-key`, which reads
 * each record's own key from the sealed `k` field.
 *
 * A record is read at its current place, else under an older lookup key's hash, else under its plain
 * key (a store written before hashing);
 * one found at an older place is moved at its next write (written fresh at the new place, then removed
 * from the old), and `delete` removes every place, so 「删除我的信息」 leaves no copy behind.
 */
export class HashedKeyStorage implements Storage {
  /** key → the older place it was read from, until it is written at the current place */
  private readonly moves = new Map<string, string>();

  constructor(
    readonly inner: Storage,
    private readonly ring: Keyring,
    /** see lookupKeys: the current one first */
    private readonly lookups: Buffer[],
  ) {}

  /** Where `key` is kept under the current key (or, with `i`, under the i-th older one). */
  place(key: string, i = 0): string {
    return HASHED_PREFIX + createHmac('sha256', this.lookups[i]!).update(key).digest('base64url');
  }

  private olderPlaces(key: string): string[] {
    return [...this.lookups.slice(1).map((_, i) => this.place(key, i + 1)), key];
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    const found = await this.inner.read(keys.map((k) => this.place(k)));
    const missing: string[] = [];
    for (const key of keys) {
      const item = found[this.place(key)];
      if (item) out[key] = item;
      else missing.push(key);
    }
    if (missing.length === 0) return out;
    const places = missing.map((k) => this.olderPlaces(k));
    const old = await this.inner.read(places.flat());
    missing.forEach((key, i) => {
      const at = places[i]!.find((p) => old[p]);
      if (!at) return;
      out[key] = old[at];
      this.moves.delete(key);
      this.moves.set(key, at);
      if (this.moves.size > MOVES_KEPT) this.moves.delete(this.moves.keys().next().value!);
    });
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const rows: Record<string, Item> = {};
    const moved: string[] = [];
    for (const [key, item] of Object.entries(changes) as [string, Item][]) {
      const row: Item = { ...item, [KEY_FIELD]: seal(this.ring, key) };
      const from = this.moves.get(key);
      if (from) {
        // nothing is at the new place yet: a second instance moving it too gets a conflict and re-reads
        row.eTag = ABSENT_ETAG;
        moved.push(from);
      }
      rows[this.place(key)] = row;
    }
    await this.inner.write(rows);
    // the storage hands the stored eTag back on the written row: hand it on to the caller's item
    for (const [key, item] of Object.entries(changes) as [string, Item][]) {
      this.moves.delete(key);
      const eTag = rows[this.place(key)]!.eTag;
      if (eTag !== undefined && item && typeof item === 'object') item.eTag = eTag;
    }
    if (moved.length > 0) await this.inner.delete(moved);
  }

  async delete(keys: string[]): Promise<void> {
    for (const k of keys) this.moves.delete(k);
    await this.inner.delete(keys.flatMap((k) => [this.place(k), ...this.olderPlaces(k)]));
  }

  /** The key a stored record was written for: from its sealed `k`, or the place itself for a plain key. */
  keyOf(place: string, item: unknown): string | undefined {
    const k = (item as Item | undefined)?.[KEY_FIELD];
    if (isSealed(k)) return open(this.ring, k);
    return place.startsWith(HASHED_PREFIX) ? undefined : place;
  }
}
