/**
 * Chooses the understanding's two weights by 5-fold cross-validation on the TRAINING set only, so the
 * evaluation set stays unseen: `npx tsx scripts/cv-nlu.ts`.
 */
import { loadKnowledge } from '../src/knowledge/load.js';
import { createNlu } from '../src/nlu/index.js';
import { OUT_OF_SCOPE, readExamples } from '../src/nlu/data.js';

const k = loadKnowledge();
const train = readExamples(k.root, 'train');
const folds = 5;
const grid = { aliasWeight: [0.5, 1, 2], unknownWeight: [0.6, 1.5, 3, 6] };
console.log('aliasW unknownW  bundle acc  oos recall  oos precision');
for (const aliasWeight of grid.aliasWeight) {
  for (const unknownWeight of grid.unknownWeight) {
    let ok = 0, inScope = 0, oosHit = 0, oos = 0, saidOos = 0;
    for (let f = 0; f < folds; f++) {
      const fit = train.filter((_, i) => i % folds !== f);
      const test = train.filter((_, i) => i % folds === f);
      const nlu = createNlu(k, { aliasWeight, unknownWeight, examples: fit });
      for (const e of test) {
        const r = nlu.parse(e.text);
        const got = r.outOfScope ? OUT_OF_SCOPE : r.bundle;
        if (got === OUT_OF_SCOPE) saidOos++;
        if (e.label === OUT_OF_SCOPE) {
          oos++;
          if (got === OUT_OF_SCOPE) oosHit++;
        } else {
          inScope++;
          if (got === e.label) ok++;
        }
      }
    }
    console.log(`${String(aliasWeight).padEnd(6)} ${String(unknownWeight).padEnd(9)} ${((100 * ok) / inScope).toFixed(1).padStart(9)}%  ${((100 * oosHit) / oos).toFixed(1).padStart(9)}%  ${((100 * oosHit) / Math.max(1, saidOos)).toFixed(1).padStart(9)}%`);
  }
}
