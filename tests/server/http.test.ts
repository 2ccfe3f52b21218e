import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_IDS } from '../../src/knowledge/schema/index.js';
import { buildChecklist, nextQuestion } from '../../src/engine/index.js';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import type { Started } from '../../src/server/start.js';
import { Client, knowledge, removeDir, start, tempDir } from './helpers.js';

let s: Started;
let dir: string;
beforeAll(async () => {
  dir = await tempDir();
  s = await start(dir);
}, 60_000);
afterAll(async () => {
  await s?.stop();
  await removeDir(dir);
});

const post = (path: string, body: string) => fetch(s.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('JSON API on loopback', () => {
  it('GET /healthz says ok with the bundle count', async () => {
    const res = await fetch(`${s.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', bundles: 10 });
  });

  it('GET /api/bundles lists the ten bundles in the plan order with their departments', async () => {
    const json = (await (await fetch(`${s.url}/api/bundles`)).json()) as { bundles: { id: string; name: string; lead: string[] }[] };
    expect(json.bundles.map((b) => b.id)).toEqual([...BUNDLE_IDS]);
    const { k } = await knowledge();
    expect(json.bundles.find((b) => b.id === 'second-hand-house')!.name).toBe(k.bundles.get('second-hand-house')!.name);
    expect(json.bundles.every((b) => b.lead.length > 0 && b.lead.every((d) => !/^[a-z-]+$/.test(d)))).toBe(true);
  });

  it('POST /api/nlu/parse answers the contract shape', async () => {
    const res = await post('/api/nlu/parse', JSON.stringify({ text: '我要卖房，要准备什么？' }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({ text: '我要卖房，要准备什么？', bundle: 'second-hand-house' });
    expect(json.intent).toMatchObject({ name: expect.any(String), confidence: expect.any(Number) });
    expect(Array.isArray(json.entities)).toBe(true);
    const oos = (await (await post('/api/nlu/parse', JSON.stringify({ text: '我想办护照' }))).json()) as { bundle: unknown };
    expect(oos.bundle).toBeNull();
  });

  it('POST /api/nlu/parse finds the entities in a sentence', async () => {
    const json = (await (await post('/api/nlu/parse', JSON.stringify({ text: '房子一百二十平，卖两百三十万，手机13991234567' }))).json()) as {
      entities: { type: string; value: unknown }[];
    };
    const types = json.entities.map((e) => e.type);
    expect(json.entities).toContainEqual(expect.objectContaining({ type: 'area', value: 120 }));
    expect(json.entities).toContainEqual(expect.objectContaining({ type: 'money', value: 2_300_000 }));
    expect(types).toContain('phone');
  });

  it('bad requests get a 400 in Chinese, not a crash', async () => {
    const broken = await post('/api/nlu/parse', '{"text": ');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/[\u4e00-\u9fa5]/);
    const missing = await post('/api/nlu/parse', JSON.stringify({ words: 'x' }));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toContain('text');
    const health = await fetch(`${s.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('POST /api/checklist returns the engine checklist, the next question and the form', async () => {
    const { k } = await knowledge();
    const answers = { seller_type: 'person' };
    const res = await post('/api/checklist', JSON.stringify({ bundle: 'second-hand-house', answers, today: '2026-11-28' }));
    expect(res.status).toBe(200);
    const json = (await res.json()) as { checklist: unknown; nextQuestion: { id: string } | null; form: { fields: unknown[] } };
    expect(json.checklist).toEqual(JSON.parse(JSON.stringify(buildChecklist(k, 'second-hand-house', answers, { today: '2026-11-28' }))));
    expect(json.nextQuestion?.id).toBe(nextQuestion(k, 'second-hand-house', answers)?.id);
    expect(json.form.fields.length).toBeGreaterThan(0);
  });

  it('POST /api/checklist with an unknown bundle says which ones exist', async () => {
    const res = await post('/api/checklist', JSON.stringify({ bundle: 'passport', answers: {} }));
    expect(res.status).toBe(404);
    const json = (await res.json()) as { error: string };
    expect(json.error).toContain('passport');
    expect(json.error).toContain('second-hand-house');
  });
});

describe('POST /api/messages with expectReplies', () => {
  it('greets with the ten bundles as suggested actions', async () => {
    const c = new Client(s.url, 'http-greet');
    const r = await c.open();
    expect(r.status).toBe(200);
    const { k } = await knowledge();
    for (const id of BUNDLE_IDS) expect(r.actions.join('|')).toContain(k.bundles.get(id)!.name);
  });

  it('a free sentence starts the interview and the replies come back in the HTTP response', async () => {
    const { k } = await knowledge();
    const c = new Client(s.url, 'http-sell');
    const r = await c.say('我要卖房，要准备什么？');
    expect(r.status).toBe(200);
    expect(r.texts.join('\n')).toContain(k.bundles.get('second-hand-house')!.name);
    const dialog = k.dialogs.get('second-hand-house')!;
    const asked = dialog.questions.find((q) => r.texts.some((t) => t.includes(q.text)));
    expect(asked).toBeDefined();
    expect(r.actions.length).toBeGreaterThan(1);
  });

  it('a malformed activity gets a 400 in Chinese and the conversation goes on', async () => {
    const res = await post('/api/messages', JSON.stringify({ text: 'hello' }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain('Activity');
    const notJson = await post('/api/messages', '<xml/>');
    expect(notJson.status).toBe(400);
    const c = new Client(s.url, 'http-after-bad');
    expect((await c.say('你好')).texts.length).toBeGreaterThan(0);
  });
});

describe('configuration', () => {
  it('a wrong value stops start-up with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT.*65535/);
    expect(() => loadConfig({ BACKEND_URL: 'not a url' })).toThrow(/BACKEND_URL/);
    expect(loadConfig({}).PORT).toBe(3978);
    expect(loadConfig({}).DATA_DIR).toBe('./data');
  });

  it('.env.example documents every variable the server, the channels and the backend read', async () => {
    const { readFile } = await import('node:fs/promises');
    const { ConfigSchema } = await import('../../src/server/config.js');
    const { WeChatConfig } = await import('../../src/channels/wechat/config.js');
    const { BackendEnv } = await import('../../apps/backend/env.js');
    const documented = new Set([...(await readFile(new URL('../../.env.example', import.meta.url), 'utf8')).matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    const read = [...Object.keys(ConfigSchema.shape), ...Object.keys(WeChatConfig.shape), ...Object.keys(BackendEnv.shape)];
    expect(read.length).toBeGreaterThan(30);
    expect(read.filter((v) => !documented.has(v))).toEqual([]);
  });
});
