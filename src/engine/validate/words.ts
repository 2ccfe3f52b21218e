/**
 * Words that steer the conversation (go back, agree, cancel, skip) and never a form value: a name
 * field that took 「好的」 or a 网签备案号 that took 「上一步」 is a case filed with garbage.
 */
const COMMAND_WORDS = new Set([
  '上一步',
  '上一题',
  '下一步',
  '下一题',
  '返回',
  '后退',
  '退回',
  '回去',
  '撤销',
  '撤回',
  '好',
  '好的',
  '好吧',
  '行',
  '可以',
  '嗯',
  '嗯嗯',
  '哦',
  '对',
  '对的',
  '是',
  '是的',
  '不是',
  '否',
  '没有',
  '有',
  '确认',
  '确定',
  '提交',
  '继续',
  '取消',
  '退出',
  '算了',
  '不办了',
  '跳过',
  '略过',
  '不填',
  '不知道',
  '不清楚',
  // the form's own buttons, tapped one step early: 「确认无误」 is nobody's name
  '确认无误',
  '确认提交',
  '同意',
  '不同意',
  '同意并提交',
  '修改',
  '退出申请',
  '现在申请',
  '帮助',
  '转人工',
  '人工',
  '重新开始',
  '重来',
  'ok',
  'yes',
  'no',
  '谢谢',
  '你好',
  '您好',
  '在吗',
  '什么',
  '啥',
]);

/** 「上一步」「好的。」「OK!」: the whole message is a command or a filler word, not a value. */
export function isCommandWord(raw: string): boolean {
  const t = raw
    .trim()
    .toLowerCase()
    .replace(/[\s。，,.!！?？~～、]+/g, '');
  return t.length > 0 && COMMAND_WORDS.has(t);
}

/**
 * 「就寄到上面那个地址」「同上」「跟户籍地址一样」: the user points at an address already given instead of
 * typing it. The form resolves it to that address, or asks again when there is none or more than one.
 */
export function refersToEarlierAddress(raw: string): boolean {
  const t = raw.replace(/\s/g, '');
  if (t.length > 24) return false;
  return (
    /^(同上|同前|一样|相同)$/.test(t) ||
    /(上面|前面|刚才|刚刚|之前|上边|上述|那个|同一个|一样的?|相同的?)(的|那个|填的|写的|说的)?(地址|住址|那个|地方)/.test(t) ||
    /(和|跟|与|同)(上面|前面|户籍|住址|家庭住址|户口).*(一样|相同|一致)/.test(t)
  );
}
