/**
 * A choice field's option as people type it: 「爸爸」 for 父亲, 「男孩」 for 男, 「我是父亲」 for 父亲,
 * 「公积金」 for 公积金贷款. Only a reading that lands on exactly one option counts; anything else is asked
 * again with the options listed.
 */
const SAME_AS: Readonly<Record<string, readonly string[]>> = {
  父亲: ['爸爸', '爸', '老爸', '爹', '俺爹', '孩子爸爸', '孩子他爸', '娃他爸', '娃爸', '孩子爸', '父'],
  母亲: ['妈妈', '妈', '老妈', '娘', '孩子妈妈', '孩子他妈', '娃他妈', '娃妈', '孩子妈', '母'],
  男: ['男孩', '男孩子', '男宝', '儿子', '男的', '男生', '小子'],
  女: ['女孩', '女孩子', '女宝', '女儿', '闺女', '女的', '女生', '丫头'],
  是: ['对', '对的', '是的', '有', '要', '需要'],
  否: ['不是', '没有', '不要', '不需要', '无'],
  配偶: ['老婆', '老公', '爱人', '妻子', '丈夫', '媳妇'],
  子女: ['儿子', '女儿', '孩子', '闺女'],
};

const plain = (s: string) => s.replace(/[\s。，,.!！?？~～、]+/g, '');

export function optionFor(raw: string, options: readonly string[]): string | undefined {
  const v = plain(raw);
  if (options.includes(v)) return v;
  const one = (found: string[]) => (found.length === 1 ? found[0] : undefined);
  // a word people use for one option
  const bySynonym = one(options.filter((o) => SAME_AS[o]?.includes(v.replace(/^(是|选|我是|俺是)/, ''))));
  if (bySynonym) return bySynonym;
  // the option said inside a sentence: 「我是父亲」「选母亲吧」
  const inside = one(options.filter((o) => o.length >= 2 && v.includes(o)));
  if (inside) return inside;
  // the start of a longer option: 「公积金」 for 公积金贷款, 「一次性」 for 一次性付款
  return v.length >= 2 ? one(options.filter((o) => o.startsWith(v))) : undefined;
}
