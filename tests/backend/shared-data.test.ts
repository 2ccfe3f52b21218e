import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSharedData } from '../../apps/backend/shared-data/local.js';
import { HttpSharedData } from '../../src/acceptance/shared-data-http.js';
import { isIdCard, isUscc } from '../../src/engine/validate/index.js';
import type { BackendServer } from '../../apps/backend/server.js';
import { SECRET, startBackend, tempDir } from './helpers.js';

let local: LocalSharedData;
let backend: BackendServer;
let remove: () => Promise<void>;
let dir: string;

beforeAll(async () => {
  local = await LocalSharedData.load();
  ({ dir, remove } = await tempDir());
  backend = await startBackend(dir, { sharedData: local });
});
afterAll(async () => {
  await backend.close();
  await remove();
});

describe('shared-data providers', () => {
  it('the local provider answers from the sample file', async () => {
    const p = await local.lookupPerson('11010519491231002x');
    expect(p).toMatchObject({ name: '张三', birthDate: '1949-12-31' });
    expect(isIdCard(p!.idNumber)).toBe(true);
    const c = await local.lookupCompany('91610112MA6TXK3L5U');
    expect(c).toMatchObject({ name: '西安未来星辰科技有限公司', legalRepresentative: '王磊' });
    expect(isUscc(c!.uscc)).toBe(true);
    expect(await local.lookupPerson('610112198503172411')).toBeNull();
  });

  it('the HTTP provider reads the same records through the signed backend routes', async () => {
    const http = new HttpSharedData({ baseUrl: `${backend.url}/v1/shared-data`, secret: SECRET });
    expect(await http.lookupPerson('610112198503172412')).toMatchObject({ name: '王磊', sex: '男' });
    expect(await http.lookupCompany('92610112MA6U2B7Q1Y')).toMatchObject({ type: '个体工商户' });
    expect(await http.lookupPerson('610112198503172411')).toBeNull();
    const unsigned = new HttpSharedData({ baseUrl: `${backend.url}/v1/shared-data`, secret: 'wrong-secret-0123456789' });
    await expect(unsigned.lookupPerson('610112198503172412')).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a sample file whose record fails its check character', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'source: x\npersons:\n  - { idNumber: "610112198503172411", name: 王磊, sex: 男, birthDate: "1985-03-17" }\n');
    await expect(LocalSharedData.load(file)).rejects.toThrow(/persons\.0\.idNumber: 身份证号校验不通过/);
  });
});
