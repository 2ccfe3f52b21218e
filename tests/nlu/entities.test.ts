import { describe, expect, it } from 'vitest';
import { findEntities, yesNo } from '../../src/nlu/entities.js';
import { parseNumber } from '../../src/nlu/numerals.js';

const first = (text: string, type: string) => findEntities(text).find((e) => e.type === type)?.value;

describe('numerals', () => {
  it.each([
    ['九十', 90],
    ['一百二十', 120],
    ['两百三十万', 2_300_000],
    ['1.5万', 15_000],
    ['一万五', 15_000],
    ['两百三', 230],
    ['一百零五', 105],
    ['二〇二四', 2024],
    ['三千五百', 3500],
  ])('%s = %d', (s, v) => expect(parseNumber(s)).toBe(v));
});

describe('entities in sentences', () => {
  it('area in 平 and 平米, Chinese and digits', () => {
    expect(first('房子九十平', 'area')).toBe(90);
    expect(first('一百二十平米的三居室', 'area')).toBe(120);
    expect(first('大概 89.5 平方米', 'area')).toBe(89.5);
    // a full stop becomes "." in normalising: the figure after it is still a number of its own
    expect(first('房子在三楼.90平', 'area')).toBe(90);
  });
  it('a number is read from the start of its run, also in a long one', () => {
    expect(first(`${'一二三'.repeat(300)}个人`, 'number')).toBeGreaterThan(1e20);
    expect(findEntities('1'.repeat(900)).filter((e) => e.type === 'number')).toHaveLength(1);
  });
  it('money in 万 and 元', () => {
    expect(first('两百三十万卖的', 'money')).toBe(2_300_000);
    expect(first('首付1.5万', 'money')).toBe(15_000);
    expect(first('原价 80 万元', 'money')).toBe(800_000);
    expect(first('契税交了 12000 元', 'money')).toBe(12_000);
  });
  it('years held, with 半 and 满', () => {
    expect(first('住了三年半', 'years')).toBe(3.5);
    expect(first('满五年了', 'years')).toBe(5);
    expect(first('买了六年了', 'years')).toBe(6);
    expect(first('满五唯一', 'years')).toBe(5);
  });
  it('dates and years', () => {
    expect(first('2019年3月5日买的', 'date')).toBe('2019-03-05');
    expect(first('2023-11-02 领的证', 'date')).toBe('2023-11-02');
    expect(first('2019年2月30日', 'date')).toBeUndefined();
    expect(first('2022年毕业的', 'year')).toBe(2022);
  });
  it('ID numbers are kept only when the check character is right', () => {
    expect(first('我的身份证 11010519491231002x', 'idcard')).toBe('11010519491231002X');
    expect(first('身份证110105194912310021', 'idcard')).toBeUndefined();
  });
  it('mobile numbers, with or without spaces and +86', () => {
    expect(first('电话 139 1234 5678', 'phone')).toBe('13912345678');
    expect(first('+8613812345678', 'phone')).toBe('13812345678');
    expect(first('12345678901', 'phone')).toBeUndefined();
  });
  it('受理编号', () => {
    expect(first('我的编号是wy202611280001，到哪一步了', 'caseNo')).toBe('WY202611280001');
  });
  it('marital status words', () => {
    expect(first('我已婚', 'marital')).toBe('married');
    expect(first('早就离婚了', 'marital')).toBe('divorced');
    expect(first('老伴去世了', 'marital')).toBe('widowed');
    expect(first('还没结婚', 'marital')).toBe('single');
  });
});

describe('colloquial yes and no', () => {
  it.each(['是', '对', '嗯', '有', '有的', '是的呀', '嗯嗯', '对的'])('%s is yes', (t) => expect(yesNo(t)).toBe(true));
  it.each(['没有', '没', '不是', '不用', '不需要', '没有的', '不用了'])('%s is no', (t) => expect(yesNo(t)).toBe(false));
  it('says nothing about a sentence that is neither', () => expect(yesNo('我想问一下材料')).toBeUndefined());
});
