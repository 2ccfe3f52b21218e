import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Understanding } from '../../src/bot/types.js';
import { removeDir, signIn, startRig, type Rig } from './rig.js';

const k = loadKnowledge(join(import.meta.dirname, '../fixtures/mini'), { requireAllBundles: false });
const nlu: Understanding = {
  parse: () => {
    throw new Error('not used here');
  },
};

/** A stand-in SMS relay on 127.0.0.1 that records what it is asked to send. */
let gateway: Server;
const received: { to: string; text: string }[] = [];
let refuse = false;
let rig: Rig;
let cookie = '';

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push(JSON.parse(raw) as { to: string; text: string });
      res.statusCode = refuse ? 500 : 200;
      res.end('{}');
    });
  });
  await new Promise<void>((ok) => gateway.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  rig = await startRig({ k, nlu, env: { SMS_GATEWAY_URL: url } });
  await rig.users.set('zhao', 'zhao-password-1');
  cookie = (await signIn(rig.url, 'zhao', 'zhao-password-1')).cookie;
});
afterAll(async () => {
  await rig.stop();
  await removeDir(rig.dir);
  await new Promise((ok) => gateway.close(ok));
});

const send = async (phone: string) => {
  const r = await fetch(`${rig.url}/console/api/sms`, {
    method: 'POST',
    headers: { cookie, 'Content-Type': 'application/json', 'X-Console-Request': '1' },
    body: JSON.stringify({ bundle: 'road-excavation', answers: { married: true }, phone }),
  });
  return (await r.json()).message as { status: string; to: string; error?: string };
};

describe('SMS through the configured HTTP gateway', () => {
  it('posts {to, text} with the full number to the gateway and records it as sent', async () => {
    expect(await send('13800138000')).toMatchObject({ status: 'sent', to: '138****8000' });
    expect(received.at(-1)!.to).toBe('13800138000');
    expect(received.at(-1)!.text).toContain('【一件事一次办】');
  });

  it('a gateway error is recorded as failed and shown in the list', async () => {
    refuse = true;
    expect(await send('13800138001')).toMatchObject({ status: 'failed', error: '短信网关返回 500' });
    const list = await (await fetch(`${rig.url}/console/api/sms`, { headers: { cookie } })).json();
    expect(list.messages.map((m: { status: string }) => m.status)).toEqual(['failed', 'sent']);
  });
});
