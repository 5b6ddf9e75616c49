#!/usr/bin/env node
// CommonJS on purpose (bin/package.json, dist/*.cjs): every package tempkey loads is
// CommonJS, so it starts without the ESM loader. credential-process runs on every AWS
// call other tools make, and env/exec/whoami many times a day: a small bundle answers
// them from a fresh cache entry (and `profiles list` from its kept listing). A few
// read-only commands have a bundle of their own (dist/cmd/, see scripts/build.mjs);
// everything else, and any miss, loads the full CLI.
'use strict';
const { existsSync } = require('node:fs');
const argv = process.argv.slice(2);
const FAST = new Set(['credential-process', 'env', 'exec', 'whoami']);

require('./code-cache.cjs').useCodeCache(`${__dirname}/../dist/`);

/** dist/cmd/<word>.cjs, or <word>.<word>.cjs for a two-word command (a dot, so `credential process` is never `credential-process`). */
const WORD = /^[a-z][a-z-]*$/;
function ownBundle() {
  if (!WORD.test(argv[0] ?? '')) return '../dist/cli.cjs'; // the full CLI names what it does not know
  for (const name of WORD.test(argv[1] ?? '') ? [`${argv[0]}.${argv[1]}`, argv[0]] : [argv[0]]) {
    const file = `${__dirname}/../dist/cmd/${name}.cjs`;
    if (existsSync(file)) return file;
  }
  return '../dist/cli.cjs';
}

const cached = FAST.has(argv[0]) || (argv[0] === 'profiles' && argv[1] === 'list');
const answered = cached ? require('../dist/fast.cjs').answerFromCache(argv) : Promise.resolve(false);
answered.then((done) => done || require(ownBundle()));
