/**
 * Creates the 公众号 custom menu from knowledge/bundles: `npm run wechat:menu`.
 * Needs WECHAT_APP_ID and WECHAT_APP_SECRET; WECHAT_API_BASE points it elsewhere (a test server).
 */
import { MemoryStorage } from 'botbuilder';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/knowledge/load.js';
import { wechatApi } from '../src/channels/wechat/adapter.js';
import { WeChatConfig } from '../src/channels/wechat/config.js';
import { buildMenu } from '../src/channels/wechat/menu.js';
import { loadBundleNames } from '../src/channels/weixin/bundles.js';

async function main(): Promise<number> {
  const parsed = WeChatConfig.safeParse(process.env);
  if (!parsed.success) {
    console.error(`配置有误：\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    return 1;
  }
  const api = wechatApi(parsed.data, new MemoryStorage());
  if (!api) {
    console.error('请先设置 WECHAT_APP_ID 和 WECHAT_APP_SECRET（公众号后台「设置与开发 → 基本配置」）。');
    return 1;
  }
  const menu = buildMenu(loadBundleNames(join(PROJECT_ROOT, 'knowledge/bundles')));
  try {
    await api.post('/cgi-bin/menu/create', menu);
  } catch (e) {
    console.error(`菜单创建失败：${(e as Error).message}`);
    return 1;
  }
  for (const b of menu.button) console.log(`${b.name}: ${(b.sub_button ?? []).map((s) => s.name).join('、')}`);
  console.log('自定义菜单已创建（用户重新进入公众号后可见）。');
  return 0;
}

process.exitCode = await main();
