import { caseNoIn } from '../engine/index.js';
import { asksForDocuments } from './documents-request.js';
import type { IntentName, ParseResult as Parse } from './index.js';

export type Command =
  | { kind: 'restart' }
  | { kind: 'back' }
  | { kind: 'change'; target: string }
  | { kind: 'checklist' }
  | { kind: 'handover' }
  | { kind: 'help' }
  | { kind: 'why' }
  | { kind: 'apply' }
  | { kind: 'other' }
  | { kind: 'progress'; caseNo?: string }
  | { kind: 'rate' }
  | { kind: 'greet' }
  | { kind: 'thanks' }
  | { kind: 'cases' }
  | { kind: 'resume'; target: string }
  | { kind: 'continue' }
  | { kind: 'party'; party: string }
  | { kind: 'fees' }
  | { kind: 'waiting' }
  | { kind: 'erase' }
  | { kind: 'withdraw' }
  | { kind: 'documents' };

/** The words printed on buttons and in help: typed or tapped, they always mean the same thing. */
export const WORDS = {
  restart: '重新开始',
  back: '上一步',
  change: '修改回答',
  checklist: '查看清单',
  handover: '转人工',
  help: '帮助',
  why: '为什么问这个',
  apply: '现在申请',
  other: '办其他事',
  progress: '查询进度',
  cases: '我的事项',
  continue: '继续回答',
  fees: '算税费',
  confirmRestart: '确定重新开始',
  keep: '不用了',
  erase: '删除我的信息',
  withdraw: '撤回同意',
  documents: '文书链接',
} as const;

const EXACT: [RegExp, Command['kind']][] = [
  [/^(重新开始|重来|从头开始|从头来|重新办|清空|restart|reset)$/i, 'restart'],
  [/^(上一步|返回|退回|回上一步|上一个|back)$/i, 'back'],
  [/^(查看清单|看清单|看看清单|材料清单|清单|看材料|要带啥|要带什么)$/, 'checklist'],
  [/^(帮助|help|怎么用|菜单|功能|你能做什么|你会什么|\?|？)$/i, 'help'],
  [/^(为什么问这个|为什么问|为啥问这个|为什么要问|为啥)$/, 'why'],
  [/^(现在申请|我要申请|开始申请|在线申请|申请|一表申报|立即申请)$/, 'apply'],
  [/^(办其他事|办别的|换一件事|办别的事|其他事项|换一个)$/, 'other'],
  [/^(查询进度|查进度|进度查询|进度)$/, 'progress'],
  [/^(评价|好差评|我要评价|打分|服务评价)$/, 'rate'],
  [/^(我的事项|我的事|我办的事|我的案子|我的事情|事项列表|我都办了啥|我办了哪些)$/, 'cases'],
  [/^(继续回答|继续问|接着问|接着回答|继续|接着来|问完|答完剩下的)$/, 'continue'],
  [/^(算税费|算一下税费|估算税费|帮我算税|算算税|算一下要交多少钱)$/, 'fees'],
];

// PIPL requests, read before anything else: 「删除我的个人信息」 names no bundle, whatever 个人 suggests.
// The object must be the user's own data as a whole, so 「删除了一个股东」「删掉这个材料」 stay what they were.
const DATA = '(?:个人|私人|全部|所有|账号|帐号)?(?:信息|资料|数据|记录|隐私|档案)';
const ERASE_VERB = '(?:删除|删掉|删了|删|清除|清空|抹掉|抹除|销毁|注销|去掉)';
const POLITE = '(?:请|请你|麻烦|麻烦你|帮我|给我|我要|我想|我希望|我要求|能不能|可以)?';
const ERASE = [
  new RegExp(`^${POLITE}${ERASE_VERB}(?:一下|掉)?(?:我的|我|本人的?|我在这里的|你们保存的|你们存的)(?:所有的?|全部的?)?${DATA}(?:吧|呗|了|吗|可以吗)?$`),
  new RegExp(`^${POLITE}${ERASE_VERB}(?:一下|掉)?(?:所有的?|全部的?)?个人${DATA.replace('(?:个人|私人|全部|所有|账号|帐号)?', '')}(?:吧|呗|了|吗)?$`),
  new RegExp(`^${POLITE}把我的?(?:所有的?|全部的?)?${DATA}(?:都|全)?${ERASE_VERB}(?:掉|了)?(?:吧|呗)?$`),
  /^(?:删除|注销)(?:账号|帐号|账户)$/,
];
const WITHDRAW = [
  /^(?:请|我要|我想|我希望|我要求|帮我)?(?:撤回|撤销|收回|取消|撤消)(?:我的|我之前的|之前的)?(?:同意|授权|个人信息授权|信息授权|隐私授权|使用授权|个人信息同意|同意书)(?:书)?(?:吧|了)?$/,
  /^(?:我)?(?:不同意|不允许|不准|不让|拒绝|不想让)(?:你们?|再|继续)*(?:使用|用|保存|保留|记住|收集|处理)我的(?:个人)?(?:信息|资料|数据)$/,
];

/** 「回到二手房」「继续办出生的」「接着办刚才那个」: back to a case put aside; the target is read against the cases. */
const RESUME = /^(?:回到|返回|切回|继续办|接着办|再办回|回去办)(.{1,16}?)(?:那个|那件事|的事|吧|的)?$/;
/** 「我是买方」「我是卖家」「我这边是买的」: the party the user speaks for */
const PARTY = /(?:^|我|俺|咱)(?:是|就是|这边是|属于)?(买|卖)(?:方|家|房的人|的那个|房子的)/;

/** Reads a command from the words; falls back to the understanding's intent for free phrasing. */
export function commandOf(text: string, parse?: Parse): Command | null {
  const t = text.trim().replace(/[。！!]$/, '');
  if (ERASE.some((re) => re.test(t))) return { kind: 'erase' };
  if (WITHDRAW.some((re) => re.test(t))) return { kind: 'withdraw' };
  for (const [re, kind] of EXACT) if (re.test(t)) return { kind } as Command;
  if (asksForDocuments(t)) return { kind: 'documents' };
  if (/^(人呢|有人吗|人工呢|怎么没人|怎么还没人|还有人吗|客服呢|工作人员呢|在吗|还在吗|人去哪了|咋没人)[？?。!！啊呀]*$/.test(t)) return { kind: 'waiting' };
  // 「我是接线员」「接线员记录：」 say who is typing (a 12345 operator), not a request for one
  if (/(转人工|人工客服|找人工|人工服务|(找|转|要|叫|换|让)(个|一个)?(真人|接线员|人工|客服)|真人客服|找个人)/.test(t)) return { kind: 'handover' };
  // the button itself first: read as 修改 + "回答" it would pick whichever question's text says 回答
  if (t === WORDS.change) return { kind: 'change', target: '' };
  const change = /^(修改|更改|改一下|我要改|重新选)\s*(.*)$/.exec(t);
  if (change) return { kind: 'change', target: change[2] ?? '' };
  const resume = RESUME.exec(t);
  if (resume && !/^(上一步|上一个)/.test(resume[1]!)) return { kind: 'resume', target: resume[1]! };
  const party = PARTY.exec(t);
  if (party && t.length <= 12 && /我|俺|咱/.test(t)) return { kind: 'party', party: party[1]! };
  const caseNo = caseNoIn(t);
  if (caseNo) return { kind: 'progress', caseNo: caseNo.caseNo };
  if (/(到哪了|到哪一步|办得怎么样|办好了没|进度|审批到)/.test(t)) return { kind: 'progress' };
  if (!parse || parse.intent.confidence < 0.6) return null;
  const byIntent: Partial<Record<IntentName, Command['kind']>> = {
    restart: 'restart',
    back: 'back',
    checklist: 'checklist',
    handover: 'handover',
    help: 'help',
    apply: 'apply',
    progress: 'progress',
    rate: 'rate',
    greet: 'greet',
    thanks: 'thanks',
  };
  if (parse.intent.name === 'change') return { kind: 'change', target: parse.changeTarget ?? '' };
  const kind = byIntent[parse.intent.name];
  return kind ? ({ kind } as Command) : null;
}
