import { defineCommand, type FlagSpecs } from './command.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';

/** Shared with the cached path (cli/fast-path.ts), which must accept exactly these flags. */
export const WHOAMI_OPTIONS = { ...CREDENTIAL_OPTIONS, refresh: { type: 'boolean' } } as const satisfies FlagSpecs;

const HELP = `Usage: tempkey whoami [PROFILE] [--json] [options]

Gets credentials of PROFILE and asks STS who they belong to (GetCallerIdentity).
The answer is kept per temporary access key (a key never changes owner), so
asking again with the same cached credentials needs no network; long-term keys
are always checked with STS, so a deleted key is named at once.

Options:
      --json           machine-readable output
      --refresh        ask STS even when the answer for these credentials is known
${CREDENTIAL_FLAGS_HELP}
`;

export default defineCommand({
  name: 'whoami',
  summary: 'show the AWS identity behind a profile',
  help: HELP,
  flags: WHOAMI_OPTIONS,
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, io }) {
    const got = await obtainFromFlags(values, profile, io);
    const { readCachedIdentity, rememberIdentity, formatWhoami } = await import('../core/credentials/identity.js');
    const { whoAmI } = await import('../core/credentials/whoami.js');
    const known = values.refresh ? undefined : readCachedIdentity(io.env, got.credentials);
    const identity = known ?? (await whoAmI(got.credentials, { region: got.region, env: io.env, profile: got.plan.profile }));
    if (!known) await rememberIdentity(io.env, got.credentials, identity);
    // Inside `tempkey exec P` (or after shell-init's function), the keys in the environment are P's: say P.
    const fromShell = !profile && !io.env.AWS_PROFILE && io.env.TEMPKEY_PROFILE && io.env.AWS_ACCESS_KEY_ID === got.credentials.accessKeyId ? io.env.TEMPKEY_PROFILE : undefined;
    io.stdout(formatWhoami({ profile: fromShell ?? got.plan.profile, identity, credentials: got.credentials, identityFromCache: Boolean(known) }, Boolean(values.json)));
    return 0;
  },
});
