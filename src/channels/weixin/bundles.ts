import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BUNDLE_IDS, type BundleId } from '../../knowledge/schema/bundle.js';

/**
 * How the WeChat menu groups the district's bundles. Only the grouping lives here: the ids are the
 * knowledge schema's (BUNDLE_IDS), the names the knowledge files' (loadBundleNames).
 */
export const MENU_GROUPS = {
  person: ['birth', 'public-onboarding', 'second-hand-house', 'public-retirement', 'end-of-life'],
  business: ['business-startup', 'business-deregistration', 'new-home-certificate', 'road-excavation', 'utility-connection'],
} as const satisfies Record<string, readonly BundleId[]>;

/** a bundle added to the schema and left out of the menu fails the type check here */
type Ungrouped = Exclude<BundleId, (typeof MENU_GROUPS)[keyof typeof MENU_GROUPS][number]>;
export const EVERY_BUNDLE_GROUPED: [Ungrouped] extends [never] ? readonly BundleId[] : never = BUNDLE_IDS;

/** id → Chinese name, from the knowledge base's bundle files (a bundle without a file shows its id). */
export function loadBundleNames(dir: string): Map<string, string> {
  const names = new Map<string, string>(BUNDLE_IDS.map((id) => [id, id]));
  let files: string[] = [];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  } catch {
    return names; // no knowledge folder next to this process: ids are still usable keys
  }
  for (const f of files) {
    const doc = parse(readFileSync(join(dir, f), 'utf8')) as { id?: unknown; name?: unknown } | null;
    if (typeof doc?.id === 'string' && typeof doc.name === 'string') names.set(doc.id, doc.name);
  }
  return names;
}
