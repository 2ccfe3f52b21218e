import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandoverRegistry } from '../../src/bot/handovers.js';
import { SmsOutbox } from '../../src/server/console/sms.js';
import { silentLogger } from '../../src/util/log.js';
import { loadKeyring, sealingCodec } from '../../src/util/crypto-at-rest.js';
import { removeDir, tempDir } from '../server/helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeDir(d);
});

describe('转人工 requests at rest', () => {
  it('keep what the citizen said sealed in a 0600 file (it may hold an ID number or a phone); a plaintext file from before is read and sealed at the next write', async () => {
    const dir = await tempDir('yjs-handovers-');
    dirs.push(dir);
    const ring = loadKeyring({ key: Buffer.alloc(32, 7).toString('base64'), dataDir: dir });
    const file = join(dir, 'handovers.json');
    // written by an earlier version, in plain JSON
    mkdirSync(dir, { recursive: true });
    const old = {
      conversationId: 'c-old',
      channel: 'emulator',
      at: new Date().toISOString(),
      reason: '我的身份证号11010519491231002X',
      status: 'waiting',
      resolved: false,
    };
    writeFileSync(file, JSON.stringify({ handovers: [old] }));
    const reg = new HandoverRegistry(file, 30, Date.now, sealingCodec(ring));
    expect((await reg.list()).map((h) => h.conversationId)).toEqual(['c-old']);
    await reg.add({ conversationId: 'c-new', channel: 'emulator', at: new Date().toISOString(), reason: '电话13800138000' } as never);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('11010519491231002X');
    expect(onDisk).not.toContain('13800138000');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // and it opens again, with both requests and their words
    const again = new HandoverRegistry(file, 30, Date.now, sealingCodec(ring));
    expect((await again.list()).map((h) => h.conversationId).sort()).toEqual(['c-new', 'c-old']);
    expect((await again.list()).find((h) => h.conversationId === 'c-new')?.reason).toBe('电话13800138000');
    // under a key that is not the one they were sealed with, every request is still listed (nobody waiting is
    // hidden), what was said unreadable
    const other = loadKeyring({ key: Buffer.alloc(32, 8).toString('base64'), dataDir: dir });
    const changed = await new HandoverRegistry(file, 30, Date.now, sealingCodec(other)).list();
    expect(changed.map((h) => h.conversationId).sort()).toEqual(['c-new', 'c-old']);
    expect(changed.every((h) => h.reason.includes('无法读取'))).toBe(true);
  });

  it("the console's SMS outbox (phones and texts) is sealed too", async () => {
    const dir = await tempDir('yjs-sms-');
    dirs.push(dir);
    const ring = loadKeyring({ key: Buffer.alloc(32, 9).toString('base64'), dataDir: dir });
    const file = join(dir, 'console', 'sms-outbox.json');
    const sms = new SmsOutbox(file, null, silentLogger, sealingCodec(ring));
    await sms.send('13800138000', '您的材料清单：居民身份证', 'op1');
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('13800138000');
    expect(onDisk).not.toContain('居民身份证');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
