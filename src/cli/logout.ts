import { projectHere } from './project-here.js';
import { defineCommand } from './command.js';

const HELP = `Usage: tempkey logout [PROFILE | --profile P | --sso-session S] [--all] [--forget-client]

Ends an IAM Identity Center session: the portal logs the token out (it and its
refresh token stop working everywhere), the cached token is deleted, and so is
every role-credential cache entry obtained with it.

Options:
  -p, --profile NAME      the session this profile uses (default: AWS_PROFILE)
      --sso-session NAME  this [sso-session] (default: the only one)
      --all               every cached session, client registration and SSO
                          role-credential entry (like 'aws sso logout')
      --forget-client     also delete the cached client registration
      --project NAME      use the files of a Leverage-style project (~/.aws/NAME/)
      --json              print what was done as JSON
  -h, --help              this help
`;

export default defineCommand({
  name: 'logout',
  summary: 'end an IAM Identity Center session and delete its tokens and cached credentials',
  help: HELP,
  flags: {
        profile: { type: 'string', short: 'p' },
        'sso-session': { type: 'string' },
        all: { type: 'boolean' },
        'forget-client': { type: 'boolean' },
        project: { type: 'string' },
      },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    const { logoutEverything, logoutSession } = await import('../core/sso/logout.js');
    let r;
    if (values.all) r = await logoutEverything(io.env);
    else {
      const { findSessionRef } = await import('../core/sso/session-ref.js');
      const { ref } = await findSessionRef({ env: io.env, cwd: io.cwd, profile, ssoSession: values['sso-session'], project: await projectHere(values.project, io) });
      r = await logoutSession({ env: io.env, cwd: io.cwd, ref, forgetClient: values['forget-client'], project: await projectHere(values.project, io) });
    }
    if (values.json) {
      io.stdout(JSON.stringify(r, null, 2) + '\n');
    } else {
      const portal = { done: 'the portal ended the session', 'already-ended': 'the session had already ended at the portal', 'no-token': 'there was no cached token', failed: 'the portal could not be reached (the token was deleted here anyway)' }[r.portalLogout];
      io.stderr(`Logged out: ${portal}; removed ${r.removedFiles.length} cached file(s).\n`);
    }
    return r.portalLogout === 'failed' ? 1 : 0;
  },
});
