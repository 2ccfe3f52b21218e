import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/nlu/commands.js';

describe('asking for the documents again is read as the documents command', () => {
  it('asking for the thing, its template or its link, in several wordings', () => {
    for (const t of [
      '把表格发我',
      '承诺书模板',
      '文书链接',
      '麻烦把委托书再发一下',
      '能不能把申请表发给我',
      '再发我一下文书',
      '发我承诺书吧',
      '我要下载申请表',
      '打印委托书',
      '声明的范本在哪',
      '表格下载地址',
      '链接过期了',
      '文书链接打不开了',
      '把要签的文书重新发我。',
    ]) {
      expect(commandOf(t), t).toEqual({ kind: 'documents' });
    }
  });

  it('a question about a document, or another command, is not a request for the link', () => {
    for (const t of [
      '委托书要公证吗',
      '我需要委托书吗',
      '承诺书怎么写',
      '申请表怎么填',
      '要带委托书吗',
      '委托书',
      '我要卖房',
      '查看清单',
      '现在申请',
      '删除我的信息',
      '发票怎么开',
    ]) {
      expect(commandOf(t)?.kind, t).not.toBe('documents');
    }
  });
});
