import type pg from 'pg';
import { inTransaction, isUniqueViolation } from './pg-tx.js';
import { isOpen, type HandoverEntry, type HandoverStore } from '../../bot/handovers.js';

/**
 * 转人工 requests in PostgreSQL (table handovers), shared by every instance. A change runs on the row
 * locked FOR UPDATE, so the `change` callback always sees the status as committed: two operators on two
 * instances pressing 接手 at once are decided by the database, and the second sees `taken` and is refused.
 * Handled requests older than `keepDays` are deleted when a new one comes in, as the file store prunes.
 */
export class PgHandoverStore implements HandoverStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly keepDays = 30,
  ) {}

  async add(e: Omit<HandoverEntry, 'status'>): Promise<HandoverEntry> {
    const entry: HandoverEntry = { ...e, status: 'waiting', resolved: false };
    for (let i = 0; ; i++) {
      try {
        await inTransaction(this.pool, async (c) => {
          // a new request replaces the conversation's open one, as in the file store
          await c.query(`DELETE FROM handovers WHERE conversation_id = $1 AND status <> 'resolved'`, [e.conversationId]);
          await c.query('INSERT INTO handovers (channel, conversation_id, status, at, entry) VALUES ($1, $2, $3, $4, $5)', [
            e.channel,
            e.conversationId,
            entry.status,
            entry.at,
            entry,
          ]);
          await c.query(`DELETE FROM handovers WHERE status = 'resolved' AND coalesce(closed_at, at) < now() - make_interval(days => $1)`, [this.keepDays]);
        });
        return entry;
      } catch (err) {
        // another instance opened one for the same conversation in the same instant: replace it in turn
        if (!isUniqueViolation(err) || i >= 2) throw err;
      }
    }
  }

  async open(channel: string, conversationId: string): Promise<HandoverEntry | undefined> {
    const r = await this.pool.query<{ entry: HandoverEntry }>(
      `SELECT entry FROM handovers WHERE conversation_id = $1 AND channel = $2 AND status <> 'resolved'`,
      [conversationId, channel],
    );
    return r.rows[0]?.entry;
  }

  async update(conversationId: string, change: (h: HandoverEntry) => boolean | undefined): Promise<HandoverEntry | null> {
    return inTransaction(this.pool, async (c) => {
      const r = await c.query<{ id: string; entry: HandoverEntry }>(
        `SELECT id, entry FROM handovers WHERE conversation_id = $1 AND status <> 'resolved' FOR UPDATE`,
        [conversationId],
      );
      const row = r.rows[0];
      if (!row || !isOpen(row.entry)) return null;
      const draft = { ...row.entry };
      if (change(draft) === false) return null;
      draft.resolved = draft.status === 'resolved';
      const closed = draft.resolvedAt ?? null;
      await c.query('UPDATE handovers SET status = $2, closed_at = $3, entry = $4 WHERE id = $1', [row.id, draft.status, closed, draft]);
      return draft;
    });
  }

  async list(): Promise<HandoverEntry[]> {
    const r = await this.pool.query<{ entry: HandoverEntry }>('SELECT entry FROM handovers ORDER BY id DESC');
    return r.rows.map((x) => x.entry);
  }

  async removeConversation(channel: string, conversationId: string): Promise<number> {
    const r = await this.pool.query('DELETE FROM handovers WHERE conversation_id = $1 AND channel = $2', [conversationId, channel]);
    return r.rowCount ?? 0;
  }
}
