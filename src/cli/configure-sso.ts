import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { TempkeyError } from '../lib/errors.js';

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
  -h, --help                this help

Then: tempkey login --sso-session NAME, and tempkey profiles sync for a profile per account and role.
`;

const command: CommandModule = {
  summary: 'write an [sso-session] (and a profile) to the AWS config file',
  async run(args, io) {
    const { values } = parseFlags(
      'configure sso',
      args,
      {
        'session-name': { type: 'string' },
        'start-url': { type: 'string' },
        region: { type: 'string' },
        scopes: { type: 'string' },
        profile: { type: 'string', short: 'p' },
        'account-id': { type: 'string' },
        'role-name': { type: 'string' },
        'profile-region': { type: 'string' },
        project: { type: 'string' },
      },
      { allowPositionals: false },
    );
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const { terminalPrompter } = await import('../lib/prompt.js');
    const prompter = terminalPrompter('Pass --start-url and --region.');
    const ask = async (flag: string, question: string, fallback?: string): Promise<string> => {
      if (!io.stdinIsTTY) {
        if (fallback !== undefined) return fallback;
        throw new TempkeyError('MISSING_FLAG', `tempkey configure sso: ${flag} is required when not run on a terminal.`, { fix: `tempkey configure sso ${flag} ...`, location: { flag }, exitCode: 2 });
      }
      const answer = (await prompter.ask(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
      return answer || fallback || ask(flag, question, fallback);
    };
    const sessionName = values['session-name'] ?? (await ask('--session-name', 'SSO session name', 'default-sso'));
    const startUrl = values['start-url'] ?? (await ask('--start-url', 'SSO start URL'));
    const region = values.region ?? (await ask('--region', 'SSO region'));
    const { configureSso } = await import('../core/sso/configure.js');
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
    io.stderr(`${r.changed ? 'Wrote' : 'Already up to date:'} [sso-session ${sessionName}]${values.profile ? ` and [profile ${values.profile}]` : ''} in ${r.configFile}.\nNext: tempkey login --sso-session ${sessionName}\n`);
    return 0;
  },
};
export default command;
