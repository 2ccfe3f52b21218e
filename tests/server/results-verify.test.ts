import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyCount } from '../../src/engine/index.js';
import { loadKnowledge } from '../../src/knowledge/load.js';

describe('the results page shows, per bundle, how many rules are still marked verify', () => {
  it("`npm run report -- --html` writes each bundle's 待核实规则 count, as the knowledge has it", () => {
    const k = loadKnowledge();
    const dir = mkdtempSync(join(tmpdir(), 'yjs-results-verify-'));
    try {
      const file = join(dir, 'report.html');
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--html', file], { env: { ...process.env, DATA_DIR: dir }, stdio: 'pipe' });
      const html = readFileSync(file, 'utf8');
      expect(html).toContain('<th scope="col">待核实规则</th>');
      let rows = 0;
      for (const b of k.bundles.values()) {
        const row = new RegExp(`<tr><th scope="row">${b.name}</th>(?:<td>[^<]*</td>)*</tr>`).exec(html)?.[0];
        expect(row, b.name).toBeDefined();
        // the last cell is the count
        expect(row!.endsWith(`<td>${verifyCount(k, b.id)}</td></tr>`), `${b.name}: ${row}`).toBe(true);
        rows++;
      }
      expect(rows).toBe(10);
      expect([...k.bundles.keys()].some((b) => verifyCount(k, b) > 0)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
