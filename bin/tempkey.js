#!/usr/bin/env node
// CommonJS on purpose (bin/package.json, dist/*.cjs): every package tempkey loads is
// CommonJS, so it starts without the ESM loader. credential-process runs on every AWS
// call other tools make, and env/exec/whoami many times a day: a small bundle answers
// them from a fresh cache entry (and `profiles list` of a large config from its kept listing). A few read-only commands have a bundle of their own
// (dist/cmd/, see scripts/build.mjs); everything else, and any miss, loads the full CLI.
'use strict';
const { existsSync, statSync } = require('node:fs');
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

/**
 * `profiles list` is answered by fast.cjs only from a listing kept for a large config
 * (core/ui/listing-cache: 100 kB and more), so a usual one goes straight to its command.
 * A hint (a project's own files are not looked at): a wrong guess costs time, not the answer.
 */
function mayHaveKeptListing() {
  const env = process.env;
  try {
    return statSync(env.AWS_CONFIG_FILE || `${(process.platform === 'win32' && env.USERPROFILE) || env.HOME}/.aws/config`).size >= 50_000;
  } catch {
    return false;
  }
}

const cached = FAST.has(argv[0]) || (argv[0] === 'profiles' && argv[1] === 'list' && mayHaveKeptListing());
const answered = cached ? require('../dist/fast.cjs').answerFromCache(argv) : Promise.resolve(false);
answered.then((done) => done || require(ownBundle()));
