import type { CompiledQuestion } from '../../knowledge/load.js';
import type { AnswerValue } from '../../knowledge/expr/index.js';
import type { Reply } from '../reply.js';
import { numbered } from './text.js';

import { choicesOf, UNSURE } from '../../nlu/choices.js';

export { ALL, NO, NONE, YES, UNSURE, choicesOf } from '../../nlu/choices.js';

const HINT: Partial<Record<CompiledQuestion['type'], string>> = {
  money: '请直接输入金额，如「230万」或「2300000」。',
  area: '请输入面积，如「89.5平米」。',
  number: '请输入数字。',
  date: '请输入日期，如「2024-05-01」。',
  text: '请直接输入。',
};

export function renderQuestion(
  q: CompiledQuestion,
  opts: {
    step?: number /** how many questions may still be asked, at most */;
    total?: number;
    why?: boolean /** a value the user seemed to say, offered first */;
    likely?: AnswerValue;
  } = {},
): Reply {
  const lines: string[] = [];
  // the total can only be an upper bound (later questions depend on answers), so only the last one is announced
  const progress = opts.step ? (opts.total === opts.step ? `（第${opts.step}题，最后一题）` : `（第${opts.step}题）`) : '';
  lines.push(`${progress}${q.text}`);
  // the likely value is named in a line, the buttons keep the options' order: a channel numbers its buttons,
  // and 「1」 typed must mean the first of them (lastChoices) wherever the likely one stands
  const likely = q.type === 'single' ? q.options!.find((o) => o.id === opts.likely) : undefined;
  const choices = choicesOf(q);
  if (q.type === 'single' || q.type === 'multi') {
    q.options!.forEach((o, i) => {
      lines.push(`${numbered(i)} ${o.label}`);
    });
    if (q.type === 'multi') lines.push('可多选，如回复「1 3」；或点「全部都要」「都不需要」。');
    else lines.push('回复序号或直接点选。');
  } else if (HINT[q.type]) {
    lines.push(HINT[q.type]!);
  }
  if (likely) lines.push(`听您前面说的，像是「${likely.label}」：是的话回复「是」或点它，不是请另选。`);
  if (opts.why) lines.push(`为什么问：${q.why}`);
  lines.push(`答不上来可以回复「${UNSURE}」。`);
  // a question with its own 不清楚 option is not given a second one
  const unsure = choices.some((c) => /^(不清楚|不知道|不确定)/.test(c)) ? [] : [UNSURE];
  return { text: lines.join('\n'), actions: [...choices, ...unsure, '为什么问这个'] };
}
