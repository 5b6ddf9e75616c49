import { defineCommand } from './command.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';

const HELP = `Usage: tempkey credential-process [PROFILE] [options]

Prints credentials of PROFILE as credential_process Version 1 JSON, for other tools:
  [profile dev-tools]
  credential_process = tempkey credential-process --profile dev

With a fresh cache entry this loads no AWS SDK code and is about as fast as starting node.
Its output is always JSON (the format credential_process reads).

Options:
${CREDENTIAL_FLAGS_HELP}
`;

export default defineCommand({
  name: 'credential-process',
  summary: 'print credentials as credential_process JSON',
  help: HELP,
  flags: CREDENTIAL_OPTIONS,
  args: ['PROFILE'],
  // The output is JSON already: --json is accepted and changes nothing.
  json: true,
  async run({ values, profile, io, argv }) {
    const got = await obtainFromFlags(values, profile, io);
    const { credentialProcessJson } = await import('../core/credentials/credential-process.js');
    io.stdout(credentialProcessJson(got.credentials));
    return 0;
  },
});
