'use strict';
/**
 * What `npm start` runs after the build: dist/main.cjs, compiled with V8's code cache when one exists
 * (dist/main.cjs.cache). Parsing and compiling the 6 MB bundle is about 0.3 s of a 1.5 s start; with
 * the cache, V8 skips it and the functions compiled on the way to the first answer. The cache is
 * written a few seconds after a start that had none (or whose cache V8 rejected: another Node or other
 * flags), so the first start after a build pays and later ones do not. Node 22 does this itself
 * (module.enableCompileCache); Node 20 needs these lines. A cache that cannot be written (read-only
 * folder) only costs the speed-up.
 */
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const file = path.join(__dirname, '..', 'dist', 'main.cjs');
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
// the bundle is ASCII (scripts/build.mjs), so latin1 reads it without decoding UTF-8
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), { filename: file, cachedData });
cachedData = undefined;

const main = new Module(file, null);
main.filename = file;
main.paths = Module._nodeModulePaths(path.dirname(file));
script.runInThisContext()(main.exports, Module.createRequire(file), main, file, path.dirname(file));

if (script.cachedDataRejected !== false) {
  setTimeout(() => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // no cache this time: the next start compiles the bundle as this one did
    }
  }, 3000).unref();
}
