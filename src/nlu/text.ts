/** Full-width letters, digits and punctuation to ASCII, lower case, spaces squeezed: one spelling per character. */
export function normalize(raw: string): string {
  return (
    raw
      .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/\u3000/g, ' ')
      .replace(/[。！？；、]/g, (p) => ({ '。': '.', '！': '!', '？': '?', '；': ';', '、': ',' })[p]!)
      .toLowerCase()
      .replace(/\s+/g, ' ')
      // 1,350,000: thousands separators, not a list of numbers
      .replace(/(?<=\d),(?=\d{3}(?!\d))/g, '')
      .trim()
  );
}

/** Whether the words just before `start` negate what follows ("没还完", "不是唯一"). */
export function negatedAt(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 4), start);
  // 不占绿地, 不签家庭医生, 没动树: a negated verb before the thing negates the thing
  return (
    /(不|没|沒|未|无|非|别|甭)(有|是|用|要|太|占|动|砍|挪|碰|装|开|签|办|过|交|领|刻|招|贷|挖|封|涉及|需要|申请)?$/.test(before) ||
    /(还没|并没|从没|尚未)$/.test(before)
  );
}
