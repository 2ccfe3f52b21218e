import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { PROJECT_ROOT } from '../../knowledge/load.js';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'src/server/stores/migrations');

/**
 * Applies the SQL files of migrations/ not yet applied, in name order, each in its own transaction,
 * and records them in schema_migrations. Instances starting together take an advisory lock, so one
 * applies and the others find the work done.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['yjs-migrations']);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = await readFile(join(dir, f), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`数据库迁移 ${f} 失败：${(e as Error).message}`);
      }
      applied.push(f);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', ['yjs-migrations']).catch(() => undefined);
    client.release();
  }
  return applied;
}
