import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerProblems } from '../../scripts/layers-check.js';
import { PROJECT_ROOT } from '../../src/knowledge/load.js';

describe('layer order (README.md, "Layout")', () => {
  it('holds for every import under src/ and apps/', () => {
    const found = layerProblems(PROJECT_ROOT).map((p) => `${p.file}:${p.line}: ${p.imports} — ${p.message}`);
    expect(found).toEqual([]);
  });

  describe('on a tree with planted imports', () => {
    let root: string;
    const plant = async (path: string, text: string) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), text);
    };

    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'layers-'));
      await plant(
        'src/engine/pick.ts',
        "import { z } from 'zod';\n// import { x } from '../bot/bot.js' is only a comment\nimport { parse } from '../nlu/parse.js';\n",
      );
      await plant('src/nlu/parse.ts', "import type { TurnContext } from 'botbuilder';\nimport { rule } from '../engine/pick.js';\n");
      await plant(
        'src/bot/turn.ts',
        "import { parse } from '../nlu/parse.js';\nimport { Case } from '../acceptance/contract/case.js';\n\nexport const later = () => import('../server/app.js');\n",
      );
      await plant('src/acceptance/contract/case.ts', "import { isCaseNo } from '../../engine/pick.js';\n");
      await plant(
        'src/acceptance/outbox.ts',
        "import type { Storage } from 'botbuilder';\nimport { Case } from './contract/case.js';\nexport { createBackendServer } from '../../apps/backend/server.js';\n",
      );
      await plant(
        'src/server/app.ts',
        "import { CloudAdapter } from 'botbuilder';\nimport { createBackendServer } from '../../apps/backend/server.js';\nimport { Outbox } from '../acceptance/outbox.js';\n",
      );
      await plant(
        'apps/backend/server.ts',
        "import { Case } from '../../src/acceptance/contract/case.js';\nimport { Outbox } from '../../src/acceptance/outbox.js';\nimport { log } from '../../src/util/log.js';\nimport { turn } from '../../src/bot/turn.js';\n",
      );
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('names each import against the order, with its file and line, and nothing else', () => {
      const found = layerProblems(root).map((p) => `${p.file}:${p.line} ${p.imports} ${p.message}`);
      expect(found.sort()).toEqual(
        [
          'src/engine/pick.ts:3 ../nlu/parse.js engine may not import nlu',
          'src/nlu/parse.ts:1 botbuilder botbuilder belongs to src/bot, src/channels and src/server, not to nlu',
          'src/bot/turn.ts:4 ../server/app.js bot may not import server',
          'src/acceptance/outbox.ts:1 botbuilder botbuilder belongs to src/bot, src/channels and src/server, not to acceptance',
          'src/acceptance/outbox.ts:3 ../../apps/backend/server.js acceptance may not import backend',
          'apps/backend/server.ts:2 ../../src/acceptance/outbox.js backend may not import acceptance',
          'apps/backend/server.ts:4 ../../src/bot/turn.js backend may not import bot',
        ].sort(),
      );
    });
  });
});
