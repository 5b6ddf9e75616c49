import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';
import { TempkeyError } from '../lib/errors.js';

/** Shared with the cached path (cli/fast-path.ts), which must accept exactly these flags. */
export const ENV_OPTIONS = { ...CREDENTIAL_OPTIONS, format: { type: 'string', short: 'f' } } as const;

const HELP = `Usage: tempkey env [PROFILE] [--format bash|zsh|fish|powershell|dotenv|json] [options]

Prints short-lived credentials of PROFILE as environment variables, quoted for the shell:
  eval "$(tempkey env dev)"            (bash, zsh)
  tempkey env dev --format fish | source
  tempkey env dev --format powershell | Invoke-Expression

Options:
      --format FORMAT  bash (default), zsh, fish, powershell, dotenv, json
${CREDENTIAL_FLAGS_HELP}
`;

const command: CommandModule = {
  summary: 'print credentials of a profile as environment variables',
  async run(args, io) {
    const { values, positionals } = parseFlags('env', args, ENV_OPTIONS);
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const { ENV_FORMATS, credentialVariables, formatEnv } = await import('../core/credentials/export-env.js');
    const format = (values.json ? 'json' : (values.format ?? 'bash')) as (typeof ENV_FORMATS)[number];
    if (!ENV_FORMATS.includes(format)) {
      throw new TempkeyError('BAD_FLAG', `tempkey env: unknown --format '${values.format}'.`, { fix: `Use one of: ${ENV_FORMATS.join(', ')}`, location: { flag: '--format' }, exitCode: 2 });
    }
    if (positionals.length > 1) throw new TempkeyError('BAD_FLAG', `tempkey env: one profile at most, got: ${positionals.join(' ')}`, { exitCode: 2 });
    const got = await obtainFromFlags(values, positionals[0], io);
    const vars = credentialVariables(got.credentials, got.region);
    // In a project, tools started from this shell must read the project's files too.
    if (got.plan.files.configChosenBy.startsWith('project')) {
      vars.AWS_CONFIG_FILE = got.plan.files.config;
      vars.AWS_SHARED_CREDENTIALS_FILE = got.plan.files.credentials;
    }
    io.stdout(formatEnv(vars, format));
    return 0;
  },
};
export default command;
