import type { Storage, StoreItems } from 'botbuilder';
import type pg from 'pg';
import { ABSENT_ETAG, ETagConflictError } from '../../bot/state/etag.js';
import { dataJson, takeJson } from '../../bot/state/item-json.js';

type Item = { eTag?: string; [k: string]: unknown };

/**
 * botbuilder Storage on PostgreSQL (table bot_state), shared by every instance. The row's version is
 * the eTag: a write with a version refuses to overwrite a newer row, ABSENT_ETAG refuses to overwrite
 * any row, '*' or none writes unconditionally. The items of one write() are one transaction, so a
 * turn's conversation and user state are saved together or not at all. No cache: every read is the
 * row as committed, which is what lets two instances take turns on one conversation.
 */
export class PgStorage implements Storage {
  constructor(
    private readonly pool: pg.Pool,
    private readonly ttlMs: number,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (keys.length === 0) return {};
    const r = await this.pool.query<{ key: string; version: string; data: Item }>(
      `SELECT key, version, data FROM bot_state WHERE key = ANY($1) AND updated_at > now() - make_interval(secs => $2)`,
      [keys, this.ttlMs / 1000],
    );
    const out: StoreItems = {};
    for (const row of r.rows) out[row.key] = { ...row.data, eTag: String(row.version) };
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const entries = Object.entries(changes) as [string, Item][];
    if (entries.length === 0) return;
    // serialised now: what is written is the item as it was when write() was called
    const rows = entries.map(([key, item]) => ({ key, item, eTag: item.eTag, data: takeJson(item) ?? dataJson(item) }));
    const client = await this.pool.connect();
    try {
      if (rows.length > 1) await client.query('BEGIN');
      const versions: string[] = [];
      for (const w of rows) {
        const r = await client.query<{ version: string }>(writeSql(w.eTag), writeArgs(w.key, w.data, w.eTag, this.ttlMs / 1000));
        if (r.rowCount === 0) throw new ETagConflictError(w.key);
        versions.push(String(r.rows[0]!.version));
      }
      if (rows.length > 1) await client.query('COMMIT');
      rows.forEach((w, i) => {
        w.item.eTag = versions[i];
      });
    } catch (e) {
      if (rows.length > 1) await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length > 0) await this.pool.query('DELETE FROM bot_state WHERE key = ANY($1)', [keys]);
  }

  /** Deletes rows not written for the TTL; returns how many. */
  async sweep(): Promise<number> {
    const r = await this.pool.query('DELETE FROM bot_state WHERE updated_at < now() - make_interval(secs => $1)', [this.ttlMs / 1000]);
    return r.rowCount ?? 0;
  }
}

const UPSERT = `INSERT INTO bot_state (key, version, data) VALUES ($1, 1, $2::jsonb)
  ON CONFLICT (key) DO UPDATE SET version = bot_state.version + 1, data = EXCLUDED.data, updated_at = now() RETURNING version`;
// an expired row counts as absent, as it does for read()
const CREATE = `INSERT INTO bot_state (key, version, data) VALUES ($1, 1, $2::jsonb)
  ON CONFLICT (key) DO UPDATE SET version = bot_state.version + 1, data = EXCLUDED.data, updated_at = now()
  WHERE bot_state.updated_at <= now() - make_interval(secs => $3) RETURNING version`;
const UPDATE = `UPDATE bot_state SET version = version + 1, data = $2::jsonb, updated_at = now() WHERE key = $1 AND version = $3 RETURNING version`;

function writeSql(eTag: string | undefined): string {
  if (!eTag || eTag === '*') return UPSERT;
  return eTag === ABSENT_ETAG ? CREATE : UPDATE;
}

function writeArgs(key: string, data: string, eTag: string | undefined, ttlSeconds: number): unknown[] {
  if (!eTag || eTag === '*') return [key, data];
  if (eTag === ABSENT_ETAG) return [key, data, ttlSeconds];
  return [key, data, /^\d+$/.test(eTag) ? eTag : '-1'];
}
