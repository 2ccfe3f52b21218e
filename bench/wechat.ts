/**
 * npm run bench:wechat — the 公众号 callback on loopback with an echo bot: latency of plain and encrypted
 * (安全模式) messages, and a burst of concurrent users; how much of the 5-second budget the channel uses.
 */
import { EchoBot, encryptedPost, post, runner, signedQuery, startRig, textXml } from '../tests/channels/helpers.js';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const rig = await startRig(runner(new EchoBot()), { WECHAT_REPLY_DEADLINE_MS: '4500' });
const N = 500;

async function series(name: string, one: (i: number) => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await one(i);
    ms.push(performance.now() - t);
  }
  console.log(`${name} (${N} sequential): median ${pct(ms, 0.5).toFixed(2)} ms, p95 ${pct(ms, 0.95).toFixed(2)} ms, max ${Math.max(...ms).toFixed(1)} ms`);
}

await series('plain', (i) => post(`${rig.url}/wechat?${signedQuery()}`, textXml(`消息${i}`, { FromUserName: `oBenchUser${i % 50}xxxxxxxx` })));
await series('encrypted', (i) => {
  const { query, body } = encryptedPost(textXml(`加密${i}`, { FromUserName: `oBenchUser${i % 50}xxxxxxxx` }));
  return post(`${rig.url}/wechat?${query}`, body);
});

const users = 200;
const t = performance.now();
await Promise.all(
  Array.from({ length: users }, (_, i) => post(`${rig.url}/wechat?${signedQuery()}`, textXml('并发', { FromUserName: `oBurst${i}xxxxxxxxxx` }))),
);
const total = performance.now() - t;
console.log(`burst: ${users} users at once answered in ${total.toFixed(0)} ms (${((users / total) * 1000).toFixed(0)} messages/s)`);
await rig.close();
