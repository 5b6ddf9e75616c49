// Credentials of a profile through the AWS SDK for JavaScript v3's shared-file provider
// (fromIni: static keys, assume role, IAM Identity Center), for bench/run.mjs: prints the
// access key id. The SDK keeps no credentials on disk, so a role or SSO profile is one
// upstream call per process.
'use strict';
const { fromIni } = require('@aws-sdk/credential-provider-ini');
fromIni({ profile: process.argv[2] })().then(
  (c) => process.stdout.write(`${c.accessKeyId}\n`),
  (e) => {
    process.stderr.write(`${e.name}: ${e.message}\n`);
    process.exitCode = 1;
  },
);
