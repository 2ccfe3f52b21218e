/**
 * Adds a hotline operator or resets their password: npm run console:user -- <name> <password>
 * (password "-" reads it from standard input, keeping it out of the shell history). Respects DATA_DIR.
 * A reset signs that operator out everywhere: sessions carry a fingerprint of the old password.
 * With DATABASE_URL set (several instances), the account goes to PostgreSQL, where every instance reads it.
 */
import pg from 'pg';
import { resolve } from 'node:path';
import { text } from 'node:stream/consumers';
import { ConfigSchema } from '../src/server/config.js';
import { UserStore, usersFile, type Operators } from '../src/server/console/users.js';
import { migrate } from '../src/server/stores/migrate.js';
import { PgUserStore } from '../src/server/stores/pg-console.js';

const [name, given] = process.argv.slice(2);
if (!name || !given) {
  console.error('用法：npm run console:user -- <用户名> <密码>   （密码写 - 则从标准输入读取）');
  process.exit(2);
}
const password = given === '-' ? (await text(process.stdin)).replace(/\r?\n$/, '') : given;
const dataDir = resolve(ConfigSchema.shape.DATA_DIR.parse(process.env.DATA_DIR));
const db = process.env.DATABASE_URL?.trim();
const pool = db ? new pg.Pool({ connectionString: db, max: 1 }) : null;
const where = db ? 'PostgreSQL（DATABASE_URL）' : usersFile(dataDir);
try {
  if (pool) await migrate(pool);
  const users: Operators = pool ? new PgUserStore(pool) : new UserStore(usersFile(dataDir));
  const r = await users.set(name, password);
  console.log(r === 'added' ? `已添加热线工作人员「${name}」（${where}）。` : `已重置「${name}」的密码，原有登录已失效。`);
} catch (e) {
  console.error(`未能保存：${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  await pool?.end();
}
