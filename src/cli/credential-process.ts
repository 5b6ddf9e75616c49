import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';

const HELP = `Usage: tempkey credential-process --profile PROFILE [options]

Prints credentials of PROFILE as credential_process Version 1 JSON, for other tools:
  [profile dev-tools]
  credential_process = tempkey credential-process --profile dev

With a fresh cache entry this loads no AWS SDK code and is about as fast as starting node.

Options:
${CREDENTIAL_FLAGS_HELP}
`;

const command: CommandModule = {
  summary: 'print credentials as credential_process JSON',
  async run(args, io) {
    const { values, positionals } = parseFlags('credential-process', args, CREDENTIAL_OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const got = await obtainFromFlags(values, positionals[0], io);
    const { credentialProcessJson } = await import('../core/credentials/credential-process.js');
    io.stdout(credentialProcessJson(got.credentials));
    return 0;
  },
};
export default command;
