import { silentLogger, type Logger } from '../../util/log.js';
import type { Reply } from '../reply.js';
import type { ConversationData, UserData } from '../types.js';
import type { CasePort, RatingLevel } from './ports.js';
import { BAD_RATINGS, RATING_LABEL, RATING_LEVELS } from '../../acceptance/contract/case.js';
import { levelIndexOf, skipsComment } from '../../nlu/replies.js';

/** 好差评's five levels in the words users see and tap: the contract's ids and labels, defined there once. */
export const LEVELS: [RatingLevel, string][] = RATING_LEVELS.map((l) => [l, RATING_LABEL[l]]);
const BAD = BAD_RATINGS;

export function askRating(conv: ConversationData, caseNo: string): Reply[] {
  conv.mode = 'apply';
  conv.apply = { ...(conv.apply ?? { values: {} }), step: 'rating', ratingCase: caseNo };
  conv.lastChoices = LEVELS.map(([, l]) => l);
  return [{ text: `请为办件 ${caseNo} 的服务打个分：\n${LEVELS.map(([, l], i) => `${i + 1}. ${l}`).join('\n')}`, actions: LEVELS.map(([, l]) => l) }];
}

export function levelOf(text: string): RatingLevel | null {
  const i = levelIndexOf(
    text,
    LEVELS.map(([, l]) => l),
  );
  return i === undefined ? null : LEVELS[i]![0];
}

export function handleRating(text: string, conv: ConversationData): Reply[] {
  const level = levelOf(text.trim());
  if (!level) return [{ text: '请从五个等级里选一个：非常满意、满意、基本满意、不满意、非常不满意（也可回复 1-5）。', actions: LEVELS.map(([, l]) => l) }];
  conv.apply!.ratingLevel = level;
  conv.apply!.step = 'comment';
  const bad = BAD.includes(level);
  return [
    {
      text: bad ? '很抱歉让您不满意。能说说哪里不好吗？我们会核实整改并回复您。（也可回复「跳过」）' : '谢谢！还有想说的吗？可直接回复，或回复「跳过」。',
      actions: ['跳过'],
    },
  ];
}

export async function handleComment(cases: CasePort, text: string, conv: ConversationData, user: UserData, log: Logger = silentLogger): Promise<Reply[]> {
  const a = conv.apply!;
  const comment = skipsComment(text) ? undefined : text.trim().slice(0, 500);
  try {
    const r = await cases.rate(a.ratingCase!, { level: a.ratingLevel as RatingLevel, ...(comment ? { comment } : {}) });
    conv.mode = 'done';
    const c = user.cases.find((x) => x.caseNo === a.ratingCase);
    if (c) c.rated = true;
    conv.apply = { ...a, step: 'submitted' };
    return [
      {
        text: r.followUp ? '已记录您的评价。工作人员会在3个工作日内核实、整改并回访您，处理结果也会在这里告诉您。' : '已记录您的评价，感谢您的支持！',
      },
    ];
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'case_not_finished' || code === 'already_rated') {
      // not an outage: the case cannot take a rating now, so leave the step instead of asking again
      conv.mode = 'done';
      conv.apply = { ...a, step: 'submitted' };
      return [
        {
          text:
            code === 'case_not_finished'
              ? `办件 ${a.ratingCase} 还没有办结，办结后才能评价。办结时我会在这里请您打分。`
              : `办件 ${a.ratingCase} 已经评价过了，谢谢您。`,
          actions: ['查询进度'],
        },
      ];
    }
    log.warn({ err: e }, 'rating failed');
    return [{ text: '评价暂时没能提交（受理系统连接不上），请稍后回复任意内容重试。', actions: ['跳过'] }];
  }
}
