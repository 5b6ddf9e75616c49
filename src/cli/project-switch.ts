import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';
import { selfCommand } from './self-command.js';
import { terminalPrompter } from '../lib/prompt.js';

const HELP = `Usage: tempkey project switch sso|iam [--json]

Moves the project to Identity Center (sso) or IAM users (iam): sets
sso_enabled in config/common.tfvars and MFA_ENABLED in build.env (only those
lines change), then regenerates the profiles the terraform code uses
(<project>-<account>-<role>): from the SSO portal (logging in if needed), or
from the stored IAM keys (tempkey credentials configure --type ...).
`;

export default defineCommand({
  name: 'project switch',
  summary: 'switch a project between IAM users and Identity Center',
  help: HELP,
  flags: {},
  args: ['METHOD?'],
  json: true,
  async run({ values, args, io }) {
    const to = args.METHOD;
    if (to !== 'sso' && to !== 'iam') throw new TempkeyError('BAD_FLAG', `tempkey project switch: say 'sso' or 'iam'${to ? `, not '${to}'` : ''}.`, { fix: 'tempkey project switch sso', exitCode: 2 });
    const { findProject } = await import('../project/detect.js');
    const project = await findProject(io.cwd, io.env);
    if (!project) throw new TempkeyError('NOT_IN_PROJECT', `${io.cwd} is not inside a Leverage-style project.`, { fix: 'cd into the project.' });
    const { ssoTokens, mayLogIn } = await import('../core/sso/tokens.js');
    const { switchProjectMethod } = await import('../core/project/switch.js');
    const r = await switchProjectMethod({
      env: io.env,
      cwd: io.cwd,
      project,
      to,
      tokens: ssoTokens({ env: io.env, interactive: mayLogIn(io.env), tell: io.stderr }),
      prompt: terminalPrompter('Set TEMPKEY_FILE_PASSPHRASE.'),
      selfCommand: selfCommand(io.env),
      log: (l) => io.stderr(`${l}\n`),
    });
    if (values.json) io.stdout(JSON.stringify(r, null, 2) + '\n');
    else {
      io.stdout(`Project '${project.shortName}' now uses ${to === 'sso' ? 'IAM Identity Center' : 'IAM users'} (was ${r.from}). Changed: ${r.filesChanged.join(', ') || 'no project file'}; ${r.profiles.length} profiles written, ${r.removedProfiles.length} removed.\n`);
      if (r.next) io.stdout(`Next: ${r.next}\n`);
    }
    return 0;
  },
});
