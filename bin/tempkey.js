#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): `credential-process` runs on every AWS
// call other tools make, so it starts without the ESM loader. A small bundle
// answers from a fresh cache entry; everything else loads the full CLI.
'use strict';
const argv = process.argv.slice(2);
const answered = argv[0] === 'credential-process' ? require('../dist/credential-process-fast.cjs').answerFromCache(argv) : Promise.resolve(false);
answered.then((done) => done || import('../dist/cli.js'));
