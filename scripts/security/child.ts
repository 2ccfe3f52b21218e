import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';
import { embeddedEnv } from '../../tests/server/embedded-env.js';

/** Secrets of the audited server: known to the audit so it can sign some requests and forge others. */
export const AUDIT_SECRETS = {
  WECHAT_TOKEN: 'auditwechattoken',
  WECHAT_APP_ID: 'wxaudit000000000001',
  WECOM_TOKEN: 'auditwecomtoken',
  WECOM_CORP_ID: 'wwaudit00000000001',
  WECOM_ENCODING_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  BACKEND_SECRET: 'audit-backend-secret-0123456789',
  STAFF_TOKEN: 'audit-staff-token-0123456789',
};

export interface AuditServer {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** set once the process has ended, with its code or signal */
  exited: () => string | null;
  stop: () => Promise<void>;
}

/**
 * The server as `npm run dev` runs it, in a child process, on loopback with free ports, the embedded
 * default and a fresh temporary DATA_DIR: a request that ends the process ends only this child.
 */
export async function startAuditServer(): Promise<AuditServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'yjs-audit-'));
  const env = embeddedEnv({ DATA_DIR: dataDir, PORT: '0', BACKEND_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...AUDIT_SECRETS });
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src/main.ts')], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let ended: string | null = null;
  child.on('exit', (code, signal) => (ended = `exit ${code ?? signal}`));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      // keep only the tail: the log of a long fuzz pass is not needed here
      out = (out + c.toString()).slice(-20_000);
      const found = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it started: ${err.slice(-2000)}`));
    });
  });
  return {
    url,
    dataDir,
    child,
    exited: () => ended,
    stop: async () => {
      if (ended === null) {
        const gone = new Promise((ok) => child.once('exit', ok));
        child.kill('SIGTERM');
        await gone;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
