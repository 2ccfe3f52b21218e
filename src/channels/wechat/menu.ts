import { MENU_GROUPS } from '../weixin/bundles.js';

interface Button {
  type?: 'click';
  name: string;
  key?: string;
  sub_button?: Button[];
}

/** The custom menu: 个人事项 / 企业事项 with the bundles (CLICK `BUNDLE_<id>`), and 进度查询. */
export function buildMenu(names: Map<string, string>): { button: Button[] } {
  const item = (id: string): Button => ({ type: 'click', name: names.get(id) ?? id, key: `BUNDLE_${id}` });
  return {
    button: [
      { name: '个人事项', sub_button: MENU_GROUPS.person.map(item) },
      { name: '企业事项', sub_button: MENU_GROUPS.business.map(item) },
      {
        name: '进度查询',
        sub_button: [
          { type: 'click', name: '我的申请进度', key: 'PROGRESS' },
          { type: 'click', name: '使用帮助', key: 'HELP' },
        ],
      },
    ],
  };
}
