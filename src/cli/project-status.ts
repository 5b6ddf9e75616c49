import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey project status [--json]

Shows the Leverage-style project around the current directory: its name, which
credentials method is active (IAM users or Identity Center) and which line of
which file says so, MFA, accounts, and the AWS files it uses (~/.aws/<project>/).
`;

export default defineCommand({
  name: 'project status',
  summary: 'show the project, its active credentials method and why',
  help: HELP,
  flags: {},
  json: true,
  async run({ values, io }) {
    const { findProject } = await import('../project/detect.js');
    const p = await findProject(io.cwd, io.env);
    if (!p) throw new TempkeyError('NOT_IN_PROJECT', `${io.cwd} is not inside a Leverage-style project (no build.env or config/common.tfvars above it).`, { fix: 'cd into the project.' });
    const { leverageCliCompat } = await import('../project/leverage-compat.js');
    const leverageCli = await leverageCliCompat(p);
    if (values.json) {
      io.stdout(JSON.stringify({ ...p, leverageCli }, null, 2) + '\n');
      return 0;
    }
    io.stdout(
      [
        `Project   ${p.shortName}${p.longName ? ` (${p.longName})` : ''} at ${p.root}`,
        `Method    ${p.method === 'sso' ? 'IAM Identity Center (SSO)' : 'IAM users'}: ${p.methodReason}`,
        `MFA       ${p.mfaEnabled ? 'on' : 'off'} (MFA_ENABLED in ${p.files.buildEnvFiles.join(' + ') || 'build.env (missing)'}; deeper files win)`,
        ...(p.method === 'sso' ? [`Portal    ${p.ssoStartUrl ?? '(no sso_start_url)'} in ${p.ssoRegion ?? '(no sso_region)'}`] : []),
        `Accounts  ${p.accounts.map((a) => `${a.name}${a.id ? `=${a.id}` : ''}`).join(', ') || '(none)'}`,
        `Files     ${p.configFile}, ${p.credentialsFile}`,
        `Switch    tempkey project switch ${p.method === 'sso' ? 'iam' : 'sso'}`,
        `Leverage  ${leverageCli.detail}`,
        ...p.notes.map((n) => `Note      ${n.message}. ${n.fix}.`),
      ].join('\n') + '\n',
    );
    return 0;
  },
});
