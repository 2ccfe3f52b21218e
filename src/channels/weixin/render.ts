import type { Activity } from 'botbuilder';

/** WeChat's limit for one text message, in UTF-8 bytes. */
export const MAX_TEXT_BYTES = 2048;
export const MORE_HINT = '\n\n回复「继续」查看下一部分';

export interface Choice {
  title: string;
  value: string;
}

/** What a turn said, as one text and the choices of its last message that offered any. */
export interface Merged {
  text: string;
  choices: Choice[];
}

export function mergeActivities(activities: Partial<Activity>[]): Merged {
  const texts: string[] = [];
  let choices: Choice[] = [];
  for (const a of activities) {
    if (a.type && a.type !== 'message') continue;
    if (a.text?.trim()) texts.push(a.text.trim());
    const actions = a.suggestedActions?.actions ?? [];
    if (actions.length > 0) {
      choices = actions.map((x) => {
        const value = typeof x.value === 'string' && x.value ? x.value : x.title;
        return { title: x.title || value, value };
      });
    }
  }
  return { text: texts.join('\n\n'), choices };
}

/** Characters that would end the href or the tag early. */
function linkSafe(s: string): string {
  return s.replace(/[&"<>]/g, (c) => encodeURIComponent(c));
}

/**
 * Numbered choice lines. On 公众号 each is a `weixin://bizmsgmenu` link that sends its text when tapped;
 * the number in front lets anyone who prefers typing answer with it.
 */
export function renderChoices(choices: Choice[], tappable: boolean, first = 0): string {
  return choices
    .map((c, i) => {
      const n = first + i + 1;
      const label = tappable ? `<a href="weixin://bizmsgmenu?msgmenucontent=${linkSafe(c.value)}&msgmenuid=${n}">${c.title.replace(/[<>]/g, '')}</a>` : c.title;
      return `${n}. ${label}`;
    })
    .join('\n');
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Cuts text into parts of at most `max` bytes, at a line end where one is near, never inside a character
 * or a choice link.
 */
export function splitBytes(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (byteLength(rest) > max) {
    let cut = 0;
    let bytes = 0;
    for (const ch of rest) {
      const b = byteLength(ch);
      if (bytes + b > max) break;
      bytes += b;
      cut += ch.length;
    }
    const head = rest.slice(0, cut);
    const nl = head.lastIndexOf('\n');
    const openLink = head.lastIndexOf('<a ');
    if (openLink > head.lastIndexOf('</a>') && openLink > 0) cut = openLink;
    else if (nl > cut / 2) cut = nl;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\n+/, '');
  }
  if (rest) parts.push(rest);
  return parts;
}

const LISTED = /^(\s*)(?:[\u2460-\u2473]|\d{1,2}[.、．])\s*(.+?)\s*$/;

/**
 * The full message of a turn: its text, then its choices. A choice the text already lists as a numbered
 * line (the bot's question and menu texts do, for channels without buttons) becomes that line, with the
 * choice's number, instead of being listed twice.
 */
export function fullText(m: Merged, tappable: boolean): string {
  const inline = new Set<number>();
  const text = m.text
    .split('\n')
    .map((line) => {
      const hit = LISTED.exec(line);
      const i = hit ? m.choices.findIndex((c, j) => !inline.has(j) && c.title === hit[2]) : -1;
      if (i < 0) return line;
      inline.add(i);
      return hit![1] + renderChoices([m.choices[i]!], tappable, i);
    })
    .join('\n');
  const rest = m.choices.map((c, i) => ({ c, i })).filter(({ i }) => !inline.has(i));
  const choices = rest.map(({ c, i }) => renderChoices([c], tappable, i)).join('\n');
  return [text, choices].filter(Boolean).join('\n\n');
}
