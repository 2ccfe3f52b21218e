import { createHash, randomUUID } from 'node:crypto';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TextFile } from 'lowdb/node';
import type { Storage, StoreItems } from 'botbuilder';
import { dataJson, markRead, takeJson } from './item-json.js';
import { mkdirPrivate, writeFilePrivate } from '../../util/files.js';
import { ETagConflictError } from './etag.js';
import { KeyedLock } from '../turn-lock.js';

export { ETagConflictError };

interface Record {
  key: string;
  eTag: string;
  updatedAt: number;
  data: { [k: string]: unknown };
}

export interface LowdbStorageOptions {
  dir: string;
  /** records not written for this long are gone (conversations expire; 个人信息 is not kept forever) */
  ttlMs: number;
  /** how many recent records to keep in memory, so a turn does not read its own state back from disk */
  cacheSize?: number;
  now?: () => number;
}

/**
 * A record as kept in memory: the JSON of its data (a read parses a fresh copy from it) and the fields
 * checked without parsing. On disk the record is one compact JSON object around the same data.
 */
interface Stored {
  key: string;
  eTag: string;
  updatedAt: number;
  data: string;
}

const parseStored = (json: string | null): Stored | null => {
  if (json === null) return null;
  const r = JSON.parse(json) as Record;
  return { key: r.key, eTag: r.eTag, updatedAt: r.updatedAt, data: JSON.stringify(r.data) };
};

/** The record's file content, built around the data's JSON so the data is serialised once. */
const recordJson = (key: string, eTag: string, updatedAt: number, data: string) =>
  `{"key":${JSON.stringify(key)},"eTag":${JSON.stringify(eTag)},"updatedAt":${updatedAt},"data":${data}}`;

/**
 * botbuilder Storage on lowdb: one small JSON file per key (sharded in 256 folders), read by lowdb and
 * written atomically (temp file + rename) with mode 0600 in 0700 folders. A turn rewrites only its own records,
 * never the whole store, and a restarted process reads each conversation back from its file.
 * Writes to one key are serialised and checked against the stored eTag (optimistic concurrency): an
 * eTag other than '*' must match the stored one, and ABSENT_ETAG matches only a key not yet written.
 * One process per folder: the cache is this process's, so two processes over one folder are not supported
 * (several instances share PostgreSQL instead).
 */
export class LowdbStorage implements Storage {
  private readonly files = new Map<string, { file: TextFile; path: string; dir: string }>();
  /** shard folders known to exist: a turn's write is then one temp file and a rename, no mkdir */
  private readonly dirs = new Set<string>();
  /** recent records as JSON: a read parses a fresh copy, a write stringifies once for cache and file alike */
  private readonly cache = new Map<string, Stored>();
  /** writes to one key one after another, so the eTag check and the write are one step */
  private readonly keyLock = new KeyedLock();
  private readonly now: () => number;
  private readonly cacheSize: number;

  constructor(private readonly opts: LowdbStorageOptions) {
    this.now = opts.now ?? Date.now;
    this.cacheSize = opts.cacheSize ?? 2000;
  }

  private path(key: string): { dir: string; file: string } {
    const h = createHash('sha1').update(key).digest('hex');
    const dir = join(this.opts.dir, h.slice(0, 2));
    return { dir, file: join(dir, `${h}.json`) };
  }

  /** the key's lowdb file and its folder, hashed once per key rather than on every write */
  private adapter(key: string): { file: TextFile; path: string; dir: string } {
    let a = this.files.get(key);
    if (!a) {
      const { dir, file } = this.path(key);
      a = { file: new TextFile(file), path: file, dir };
      this.files.set(key, a);
      if (this.files.size > this.cacheSize * 2) this.files.delete(this.files.keys().next().value!);
    }
    return a;
  }

  private remember(r: Stored): void {
    this.cache.delete(r.key);
    this.cache.set(r.key, r);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
  }

  private expired(r: Stored): boolean {
    return this.now() - r.updatedAt > this.opts.ttlMs;
  }

  private async load(key: string): Promise<Stored | null> {
    const hit = this.cache.get(key);
    const r = hit ?? parseStored(await this.adapter(key).file.read());
    if (!r || r.key !== key) return null;
    if (this.expired(r)) {
      await this.remove(key);
      return null;
    }
    if (!hit) this.remember(r);
    return r;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const r = await this.load(key);
        if (r) {
          out[key] = markRead({ ...(JSON.parse(r.data) as Record['data']), eTag: r.eTag }, r.data);
        }
      }),
    );
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => {
        // serialised when write() is called: what is written is the item as it was then
        const wanted = (item as { eTag?: string }).eTag;
        const data = takeJson(item as object) ?? dataJson(item as { eTag?: string });
        return this.keyLock.run(key, async () => {
          const current = await this.load(key);
          if (current && wanted && wanted !== '*' && wanted !== current.eTag) throw new ETagConflictError(key);
          const eTag = randomUUID();
          const updatedAt = this.now();
          const r: Stored = { key, eTag, updatedAt, data };
          const { path, dir } = this.adapter(key);
          if (!this.dirs.has(dir)) {
            // the store and its shards are the service user's alone (0700), as are the files (0600)
            if (this.dirs.size === 0) await mkdirPrivate(this.opts.dir);
            await mkdirPrivate(dir);
            this.dirs.add(dir);
          }
          await writeFilePrivate(path, recordJson(key, eTag, updatedAt, data));
          this.remember(r);
          // the writer's copy now carries the stored eTag, so its next write is checked against this one
          (item as { eTag?: string }).eTag = eTag;
        });
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.keyLock.run(key, () => this.remove(key))));
  }

  private async remove(key: string): Promise<void> {
    this.cache.delete(key);
    this.files.delete(key);
    await unlink(this.path(key).file).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }

  /** Every record on disk with its file (records of a copied or restored store keep their own times). */
  private async *records(): AsyncGenerator<{ file: string; r: Stored }> {
    const shards = await readdir(this.opts.dir).catch(() => [] as string[]);
    for (const shard of shards) {
      const dir = join(this.opts.dir, shard);
      const files = await readdir(dir).catch(() => [] as string[]);
      for (const f of files) {
        if (!f.endsWith('.json')) continue;
        const r = await new TextFile(join(dir, f))
          .read()
          .then(parseStored)
          .catch(() => null);
        if (r) yield { file: join(dir, f), r };
      }
    }
  }

  /** The keys of every record on disk that has not expired (for maintenance: key rotation). */
  async keys(): Promise<string[]> {
    const out: string[] = [];
    for await (const { r } of this.records()) if (!this.expired(r)) out.push(r.key);
    return out;
  }

  /** Deletes expired records from disk; returns how many. Run on a timer by the server. */
  async sweep(): Promise<number> {
    let removed = 0;
    for await (const { file, r } of this.records()) {
      // the record's own time, not the file's: a copied or restored store keeps its ages
      if (this.expired(r)) {
        this.cache.delete(r.key);
        this.files.delete(r.key);
        await unlink(file).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }
}
