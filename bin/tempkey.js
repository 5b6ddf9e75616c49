#!/usr/bin/env node
// CommonJS on purpose (bin/package.json, dist/*.cjs): every package tempkey loads is
// CommonJS, so it starts without the ESM loader. credential-process runs on every AWS
// call other tools make, and env/exec/whoami many times a day: a small bundle answers
// them from a fresh cache entry; everything else (and any miss) loads the full CLI.
'use strict';
const argv = process.argv.slice(2);
const FAST = new Set(['credential-process', 'env', 'exec', 'whoami']);
const answered = FAST.has(argv[0]) ? require('../dist/fast.cjs').answerFromCache(argv) : Promise.resolve(false);
answered.then((done) => done || require('../dist/cli.cjs'));
