import type { Knowledge } from '../../knowledge/load.js';
import type { BundleId } from '../../knowledge/schema/index.js';
import { BUNDLE_IDS } from '../../knowledge/schema/index.js';
import { WORDS } from '../../nlu/commands.js';
import type { Reply } from '../reply.js';

/**
 * The ten bundles with the numbers users can type: citizens' bundles first, then companies', each in
 * the order of the work plan, so the numbers run 1, 2, 3… down the greeting.
 */
export function bundleMenu(k: Knowledge): { id: BundleId; name: string }[] {
  const ids = BUNDLE_IDS.filter((id) => k.bundles.has(id));
  const person = ids.filter((id) => k.bundles.get(id)!.audience === 'person');
  const ordered = [...person, ...ids.filter((id) => !person.includes(id))];
  return ordered.map((id) => ({ id, name: k.bundles.get(id)!.name }));
}

export function greeting(k: Knowledge): Reply {
  const menu = bundleMenu(k);
  const person = menu.filter((b) => k.bundles.get(b.id)!.audience === 'person');
  const business = menu.filter((b) => k.bundles.get(b.id)!.audience === 'business');
  const line = (list: typeof menu) => list.map((b) => `${menu.indexOf(b) + 1}. ${b.name}`).join('\n');
  return {
    text: [
      '您好！我是未央区「一件事一次办」导办助手。',
      '说说您要办什么事，我问几个简单问题，就能一次告诉您全部材料、费用、时间和地点，还能在线申请、查进度。',
      '可以直接说，比如「我要卖房，要准备什么？」，或回复序号：',
      '【个人事项】',
      line(person),
      '【企业及其他事项】',
      line(business),
    ].join('\n'),
    actions: [...menu.map((b) => b.name), WORDS.progress],
  };
}

export function helpText(inInterview: boolean): Reply {
  return {
    text: [
      '您可以随时说：',
      `· 「${WORDS.back}」回到上一个问题`,
      `· 「修改 + 问题名称」改某个回答，如「修改 婚姻状况」`,
      `· 「${WORDS.checklist}」看按目前回答整理的材料清单`,
      `· 「${WORDS.restart}」从头开始`,
      `· 「${WORDS.handover}」请工作人员接手`,
      '· 也可以直接问：要交多少税、在哪办、要多久、本人要到场吗',
      '· 「我的申请到哪了」或发送受理编号查进度',
      inInterview ? '回答完问题后，我会给出完整清单。' : '先说说您要办什么事吧。',
    ].join('\n'),
    actions: inInterview ? [WORDS.back, WORDS.checklist, WORDS.restart, WORDS.handover] : [WORDS.restart, WORDS.handover],
  };
}

export function outOfScope(k: Knowledge, /** where to go instead, when the service is known */ pointer?: string): Reply {
  const names = bundleMenu(k)
    .map((b) => b.name.replace('一件事', ''))
    .join('、');
  return {
    text: `抱歉，这件事不在我能办的范围内。${pointer ? `${pointer}\n` : ''}我目前能办十件事：${names}。其他政务问题可拨打 12345 热线，或说「${WORDS.handover}」。`,
    actions: bundleMenu(k).map((b) => b.name),
  };
}
