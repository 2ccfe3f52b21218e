import type pg from 'pg';

/** Runs `fn` in one transaction on one pooled client: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** unique_violation: another instance inserted the same key first */
export const isUniqueViolation = (e: unknown): boolean => (e as { code?: string }).code === '23505';
