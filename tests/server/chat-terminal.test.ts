import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandoverRegistry } from '../../src/bot/handovers.js';
import { loadKeyring, sealingCodec } from '../../src/util/crypto-at-rest.js';
import { InProcessAdapter, renderForTerminal } from '../../src/channels/terminal/adapter.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { loadConfig } from '../../src/server/config.js';
import { startServer } from '../../src/server/start.js';
import { silentLogger } from '../../src/util/log.js';
import { embeddedEnv, knowledge, removeDir, tempDir } from './helpers.js';

/**
 * `npm run chat` is built by the server's own builder (startServer without a port), so the terminal
 * and the server cannot drift: the same lines piped to the script and said to the server's bot give the
 * same replies, and what only the server's wiring adds (the 转人工 queue) happens in the terminal too.
 */
const LINES = ['我要卖房', '1', '转人工'];
const HOURS = { HANDOVER_WORK_HOURS: '1-7 00:00-24:00' };
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map(removeDir)));

function chat(dir: string): Promise<string> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', join(PROJECT_ROOT, 'scripts/chat.ts'), '--new'], {
    cwd: PROJECT_ROOT,
    env: embeddedEnv({ DATA_DIR: dir, ...HOURS }),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stdin.end(`${LINES.join('\n')}\n`);
  return new Promise((ok, fail) => child.once('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`chat exited ${code}: ${out}`)))));
}

describe('the terminal chat and the server', () => {
  it('answer the same lines alike, 转人工 queue included', async () => {
    const [dirChat, dirServer] = [await tempDir('yjs-chat-'), await tempDir('yjs-chat-server-')];
    dirs.push(dirChat, dirServer);
    const printed = await chat(dirChat);
    // what the script printed, reply by reply (each starts with 助手：)
    const fromScript = printed
      .split('\n助手：')
      .slice(1)
      .map((r) => r.split('\n\n您：')[0]!.trim());

    const { k, nlu } = await knowledge();
    const vars = { DATA_DIR: dirServer, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...HOURS };
    const s = await startServer(loadConfig(vars), silentLogger, { k, nlu, env: vars });
    try {
      const adapter = new InProcessAdapter('terminal-compare');
      const run = (c: Parameters<typeof s.app.bot.run>[0]) => s.app.bot.run(c);
      const replies = [...(await adapter.open(run))];
      for (const l of LINES) replies.push(...(await adapter.say(run, l)));
      const fromServer = replies.map((r) => renderForTerminal(r).trim());
      expect(fromScript).toEqual(fromServer);
    } finally {
      await s.stop();
    }
    expect(fromScript.at(-1)).toContain('已为您转人工');
    // sealed with the chat's data key (generated into its data dir)
    const queued = await new HandoverRegistry(join(dirChat, 'handovers.json'), 30, Date.now, sealingCodec(loadKeyring({ dataDir: dirChat }))).list();
    expect(queued).toMatchObject([{ channel: 'terminal', status: 'waiting' }]);
  }, 90_000);
});
