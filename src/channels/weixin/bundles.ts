import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The ten bundles of the district, for menus; names come from knowledge/bundles when a file exists. */
export const BUNDLES = {
  person: [
    ['birth', '出生一件事'],
    ['public-onboarding', '机关事业单位入职一件事'],
    ['second-hand-house', '二手房交易一件事'],
    ['public-retirement', '机关事业单位退休一件事'],
    ['end-of-life', '终老一件事'],
  ],
  business: [
    ['business-startup', '企业开办一件事'],
    ['business-deregistration', '企业注销一件事'],
    ['new-home-certificate', '交房一件事'],
    ['road-excavation', '挖掘占道办理一件事'],
    ['utility-connection', '水电气暖报装一件事'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [string, string]>>;

/** id → Chinese name: the knowledge base where it has the bundle, the table above otherwise. */
export function loadBundleNames(dir: string): Map<string, string> {
  const names = new Map<string, string>([...BUNDLES.person, ...BUNDLES.business]);
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  } catch {
    return names; // no knowledge folder next to this process: the table is enough for menus
  }
  for (const f of files) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as { id?: unknown; name?: unknown } | null;
    if (typeof doc?.id === 'string' && typeof doc.name === 'string') names.set(doc.id, doc.name);
  }
  return names;
}
