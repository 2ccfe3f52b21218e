import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Problem } from './problems.js';

type Seg = { key: string } | { index: number } | { named: string };

/**
 * A problem's path as steps: `items[2].materials[0].material`, `「taxes」.materials「deed@卖方」.when`
 * (「…」 names a list entry by its id, item, material, field or charge), `items「birth-hukou」`. Words after
 * the path proper (「x」（事项 y）) are a comment and end it.
 */
export function pathSegments(path: string): Seg[] {
  const out: Seg[] = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d+)\]|「([^」]*)」|(\.)|(.)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path))) {
    if (m[1] !== undefined) out.push({ key: m[1] });
    else if (m[2] !== undefined) out.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) out.push({ named: m[3] });
    else if (m[5] !== undefined) break;
  }
  return out;
}

const NAME_KEYS = ['id', 'item', 'material', 'field', 'charge', 'bundle'];

/** true when a list entry is the one named: a bare id, or a map whose id (or material@holder) is the name */
function isNamed(entry: unknown, name: string): boolean {
  if (isScalar(entry)) return String(entry.value) === name;
  if (!isMap(entry)) return false;
  const [what, holder] = name.split('@');
  const hit = NAME_KEYS.some((k) => String((entry.get(k, true) as { value?: unknown } | undefined)?.value ?? '') === what);
  return hit && (holder === undefined || String(entry.get('holder') ?? '') === holder);
}

/** The node a path leads to in a parsed file, or the nearest one on the way when a step is missing. */
function nodeAt(contents: unknown, segs: Seg[]): { range?: [number, number, number] } | null {
  let node = contents as unknown;
  let found = contents as { range?: [number, number, number] } | null;
  for (const s of segs) {
    let next: unknown;
    if ('key' in s) next = isMap(node) ? node.get(s.key, true) : undefined;
    else if ('index' in s) next = isSeq(node) ? node.items[s.index] : undefined;
    else {
      // a name on a map (the file's top: { items: [...] }) looks in the lists it holds
      const lists = isSeq(node) ? [node] : isMap(node) ? node.items.map((p) => p.value).filter(isSeq) : [];
      next = lists.flatMap((l) => l.items).find((e) => isNamed(e, s.named));
    }
    if (next === undefined || next === null) break;
    node = next;
    if ((next as { range?: unknown }).range) found = next as { range?: [number, number, number] };
  }
  return found;
}

/**
 * Gives each problem the line of the YAML it is about (1-based), read from the file again: only when
 * something is wrong, so a good load pays nothing for it. A problem already naming its line (a YAML
 * syntax error) or without a file keeps what it has.
 */
export function locate(root: string, problems: Problem[]): void {
  const docs = new Map<string, { contents: unknown; lines: LineCounter } | null>();
  for (const p of problems) {
    if (p.line !== undefined || !p.file || !p.file.endsWith('.yaml')) continue;
    if (!docs.has(p.file)) {
      try {
        const lines = new LineCounter();
        const doc = parseDocument(readFileSync(join(root, p.file), 'utf8'), { lineCounter: lines });
        docs.set(p.file, doc.errors.length > 0 ? null : { contents: doc.contents, lines });
      } catch {
        docs.set(p.file, null);
      }
    }
    const d = docs.get(p.file);
    if (!d) continue;
    const node = nodeAt(d.contents, pathSegments(p.path));
    if (node?.range) p.line = d.lines.linePos(node.range[0]).line;
  }
}
