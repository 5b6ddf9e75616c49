// Loaded with `node --import ./test/helpers/trace-imports.mjs`: records every
// module URL the program resolves (ESM and CommonJS) into $TRACE_IMPORTS_FILE,
// one per line, so a test can prove which packages a command loaded.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import Module from 'node:module';

const out = process.env.TRACE_IMPORTS_FILE;
if (out) {
  register('./trace-imports-hooks.mjs', import.meta.url, { data: { out } });
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    appendFileSync(out, `cjs:${request}\n`);
    return load.call(this, request, parent, isMain);
  };
}
