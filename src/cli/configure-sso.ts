import { defineCommand } from './command.js';
import { TempkeyError, isTempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey configure sso [options]

Writes an [sso-session] section (and optionally a profile using it) to the AWS
config file, keeping every other line as it is. Asks for what is missing when
run on a terminal; fully scriptable with the flags.

Options:
      --session-name NAME   name of the [sso-session] (default: 'default-sso')
      --start-url URL       the AWS access portal URL (https://d-xxxxxxxxxx.awsapps.com/start)
      --region REGION       the Identity Center region (sso_region)
      --scopes LIST         sso_registration_scopes (default: sso:account:access)
  -p, --profile NAME        also write this profile ...
      --account-id ID       ... for this account
      --role-name NAME      ... and this role (permission set)
      --profile-region R    region of the profile (default: --region)
      --project NAME        write to ~/.aws/NAME/config (Leverage-style project)
      --json                print {"configFile", "changed", "ssoSession", "profile"}
  -h, --help                this help

Then: tempkey login --sso-session NAME, and tempkey profiles sync for a profile per account and role.
`;

export default defineCommand({
  name: 'configure sso',
  summary: 'write an [sso-session] (and a profile) to the AWS config file',
  help: HELP,
  flags: {
        'session-name': { type: 'string' },
        'start-url': { type: 'string' },
        region: { type: 'string', region: true },
        scopes: { type: 'string' },
        profile: { type: 'string', short: 'p' },
        'account-id': { type: 'string' },
        'role-name': { type: 'string' },
        'profile-region': { type: 'string', region: true },
        project: { type: 'string' },
      },
  json: true,
  async run({ values, profile, args, io }) {
    const { terminalPrompter } = await import('../lib/prompt.js');
    const prompter = terminalPrompter('Pass --start-url and --region.');
    const { checkRegion } = await import('../lib/regions.js');
    const { checkSessionName, checkStartUrl, configureSso } = await import('../core/sso/configure.js');
    // Each answer is checked as it is typed: a wrong one is asked again, the others are kept.
    const ask = async (flag: string, question: string, check: (answer: string) => string, fallback?: string): Promise<string> => {
      if (!io.stdinIsTTY) {
        if (fallback !== undefined) return fallback;
        throw new TempkeyError('MISSING_FLAG', `tempkey configure sso: ${flag} is required when not run on a terminal.`, { fix: `tempkey configure sso ${flag} ...`, location: { flag }, exitCode: 2 });
      }
      for (let attempt = 1; ; attempt++) {
        const answer = (await prompter.ask(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim() || fallback;
        if (!answer) continue;
        try {
          return check(answer);
        } catch (e) {
          if (attempt >= 5 || !isTempkeyError(e)) throw e;
          io.stderr(`  ${e.message.replace(/^--[\w-]+ /, '')}${e.fix ? ` ${e.fix}` : ''}\n`);
        }
      }
    };
    const sessionName = values['session-name'] ? checkSessionName(values['session-name']) : await ask('--session-name', 'SSO session name', checkSessionName, 'default-sso');
    const startUrl = values['start-url'] ? checkStartUrl(values['start-url']) : await ask('--start-url', 'SSO start URL', checkStartUrl);
    const region = values.region ?? (await ask('--region', 'SSO region', (r) => checkRegion(r, 'region', io.env)));
    const r = await configureSso({
      env: io.env,
      cwd: io.cwd,
      project: values.project,
      sessionName,
      startUrl,
      region,
      scopes: values.scopes,
      profile: values.profile ? { name: values.profile, accountId: values['account-id'], roleName: values['role-name'], region: values['profile-region'] ?? region } : undefined,
    });
    if (values.json) io.stdout(`${JSON.stringify({ ...r, ssoSession: sessionName, profile: values.profile ?? null }, null, 2)}\n`);
    io.stderr(`${r.changed ? 'Wrote' : 'Already up to date:'} [sso-session ${sessionName}]${values.profile ? ` and [profile ${values.profile}]` : ''} in ${r.configFile}.\nNext: tempkey login --sso-session ${sessionName}\n`);
    return 0;
  },
});
