import { describe, expect, it } from 'vitest';
import { MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlainConversationState, PlainUserState } from '../../src/bot/state/json-state.js';
import { ETagConflictError, LowdbStorage } from '../../src/bot/state/lowdb-storage.js';

/** MemoryStorage that counts writes, to see when the state decides to save. */
class CountingStorage extends MemoryStorage implements Storage {
  writes: string[] = [];
  override async write(changes: StoreItems): Promise<void> {
    this.writes.push(...Object.keys(changes));
    await super.write(changes);
  }
}

const turn = (text: string) =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'c1' } as never,
    from: { id: 'u1', name: '' },
    recipient: { id: 'bot', name: '' },
  });

describe('botbuilder state compared as plain JSON', () => {
  it('saves a state that changed, under botbuilder’s keys, and skips one that did not', async () => {
    const storage = new CountingStorage();
    const conv = new PlainConversationState(storage);
    const user = new PlainUserState(storage);
    const convData = conv.createProperty<{ n: number; lines: string[] }>('conversation');
    const userData = user.createProperty<{ name?: string }>('user');

    const t1 = turn('一');
    const c = await convData.get(t1, { n: 0, lines: [] });
    c.n++;
    c.lines.push('一');
    await userData.get(t1, {});
    await conv.saveChanges(t1);
    await user.saveChanges(t1);
    // the user's default was set during the turn, so both are new
    expect(storage.writes).toEqual(['test/conversations/c1/', 'test/users/u1/']);

    const t2 = turn('二');
    (await convData.get(t2))!.lines.push('二');
    await userData.get(t2);
    await conv.saveChanges(t2);
    await user.saveChanges(t2);
    expect(storage.writes).toEqual(['test/conversations/c1/', 'test/users/u1/', 'test/conversations/c1/']);

    const t3 = turn('三');
    expect(await convData.get(t3)).toEqual({ n: 1, lines: ['一', '二'] });
    await conv.saveChanges(t3);
    // nothing changed: no write, and a second save in the same turn does not write either
    expect(storage.writes).toHaveLength(3);
    (await convData.get(t3))!.n = 5;
    await conv.saveChanges(t3);
    await conv.saveChanges(t3);
    expect(storage.writes).toHaveLength(4);
  });

  it('clear empties the state and forces the next save; delete removes it from storage', async () => {
    const storage = new CountingStorage();
    const conv = new PlainConversationState(storage);
    const prop = conv.createProperty<{ n: number }>('conversation');
    const t1 = turn('一');
    await prop.set(t1, { n: 1 });
    await conv.saveChanges(t1);

    const t2 = turn('二');
    await conv.load(t2);
    await conv.clear(t2);
    expect(conv.get(t2)).toEqual({});
    await conv.saveChanges(t2);
    expect(storage.writes).toHaveLength(2);
    expect(await prop.get(turn('三'))).toBeUndefined();

    const t4 = turn('四');
    await prop.set(t4, { n: 4 });
    await conv.saveChanges(t4);
    await conv.delete(t4);
    expect(await storage.read(['test/conversations/c1/'])).toEqual({});
    expect(conv.get(t4)).toBeUndefined();
  });

  it('writes with the eTag it read: a save over state changed since is refused, not overwriting', async () => {
    const storage = new LowdbStorage({ dir: await mkdtemp(join(tmpdir(), 'yjs-etag-')), ttlMs: 86_400_000 });
    const conv = new PlainConversationState(storage);
    const prop = conv.createProperty<{ said: string[] }>('conversation');
    const first = turn('一');
    const second = turn('二');
    // both turns read the same (absent) state: the first to save wins, the second is told
    (await prop.get(first, { said: [] }))!.said.push('一');
    (await prop.get(second, { said: [] }))!.said.push('二');
    await conv.saveChanges(first);
    await expect(conv.saveChanges(second)).rejects.toBeInstanceOf(ETagConflictError);
    // run again from fresh state, it keeps both
    conv.forget(second);
    (await prop.get(second, { said: [] }))!.said.push('二');
    await conv.saveChanges(second);
    expect(await prop.get(turn('三'))).toEqual({ said: ['一', '二'] });
    // and the same turn saves again against the version it just wrote
    (await prop.get(second))!.said.push('再');
    await conv.saveChanges(second);
  });
});
