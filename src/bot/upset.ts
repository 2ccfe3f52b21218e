import type { Knowledge } from '../knowledge/load.js';
import type { Upset } from '../nlu/upset.js';
import { WORDS } from '../nlu/commands.js';
import type { Reply } from './reply.js';
import type { ConversationData } from './types.js';
import { hasCase } from './cases.js';

/**
 * A calm, short answer to an insult, frustration or a complaint: acknowledged, a person offered, the case
 * said to be kept. Never the bundle menu or a bundle offer: an upset user wants to be heard, not sold on.
 */
export function upsetReply(k: Knowledge, conv: ConversationData, kind: Upset): Reply {
  const kept = hasCase(conv) ? `您「${k.bundles.get(conv.bundle!)!.name}」的回答都还在。` : '';
  if (kind === 'complaint') {
    return {
      text: `您反映的情况很重要。对窗口工作人员或办事过程的投诉，请拨打 12345 市民服务热线，会转到相关部门核实处理并回复您；办完的事项也可以在「好差评」里评价，差评会有专人回访整改。${kept}`,
      actions: [WORDS.handover],
    };
  }
  const sorry = kind === 'abuse' ? '抱歉，没能帮上您，让您生气了。' : '抱歉，让您着急了，是我没说清楚。';
  return {
    text: `${sorry}您可以说「${WORDS.handover}」，由工作人员接着帮您（工作日 9:00-17:00），或拨打 12345 热线。${kept}${hasCase(conv) ? '也可以接着回答下面的问题，我尽量少问。' : '也可以换个说法告诉我您要办什么事。'}`,
    actions: [WORDS.handover],
  };
}
