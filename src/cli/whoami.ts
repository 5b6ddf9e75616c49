import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';

const HELP = `Usage: tempkey whoami [PROFILE] [--json] [options]

Gets credentials of PROFILE and asks STS who they belong to (GetCallerIdentity).

Options:
      --json           machine-readable output
${CREDENTIAL_FLAGS_HELP}
`;

const command: CommandModule = {
  summary: 'show the AWS identity behind a profile',
  async run(args, io) {
    const { values, positionals } = parseFlags('whoami', args, CREDENTIAL_OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const got = await obtainFromFlags(values, positionals[0], io);
    const { whoAmI } = await import('../core/credentials/whoami.js');
    const id = await whoAmI(got.credentials, { region: got.region, env: io.env, profile: got.plan.profile });
    const exp = got.credentials.expiration;
    if (values.json) {
      io.stdout(
        JSON.stringify(
          { profile: got.plan.profile, account: id.account, arn: id.arn, userId: id.userId, expiration: exp?.toISOString(), fromCache: got.credentials.fromCache },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const left = exp ? ` (in ${Math.max(0, Math.round((exp.getTime() - Date.now()) / 60000))} min${got.credentials.fromCache ? ', cached' : ''})` : '';
    io.stdout(
      [`Profile  ${got.plan.profile}`, `Account  ${id.account}`, `Arn      ${id.arn}`, `UserId   ${id.userId}`, ...(exp ? [`Expires  ${exp.toISOString()}${left}`] : [])].join('\n') + '\n',
    );
    return 0;
  },
};
export default command;
