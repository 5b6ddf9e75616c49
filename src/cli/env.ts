import { defineCommand, type FlagSpecs } from './command.js';
import type { EnvFormat } from '../core/credentials/export-env.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags } from './credential-flags.js';
import { currentPlatform, defaultEnvFormat } from '../lib/platform.js';

/** Shared with the cached path (cli/fast-path.ts), which must accept exactly these flags. */
// The same list as core/credentials/export-env ENV_FORMATS (test/cli-consistency checks), inline so
// the cached path does not load the formatter to parse flags.
export const ENV_OPTIONS = { ...CREDENTIAL_OPTIONS, format: { type: 'string', short: 'f', choices: ['bash', 'zsh', 'fish', 'powershell', 'windows-cmd', 'dotenv', 'json'] }, 'export-marker': { type: 'boolean' } } as const satisfies FlagSpecs;

const HELP = `Usage: tempkey env [PROFILE] [--format bash|zsh|fish|powershell|windows-cmd|dotenv|json] [options]

Prints short-lived credentials of PROFILE as environment variables, quoted for the shell:
  eval "$(tempkey env dev)"            (bash, zsh)
  tempkey env dev --format fish | source
  tempkey env dev --format powershell | Invoke-Expression
  for /f "delims=" %i in ('tempkey env dev --format windows-cmd') do %i   (cmd.exe)
Without a profile on a terminal, a picker opens (as for exec).

Options:
      --format FORMAT  bash (default; powershell on Windows), zsh, fish, powershell,
                       windows-cmd, dotenv, json
      --json           the same as --format json
      --export-marker  also TEMPKEY_PROFILE and TEMPKEY_EXPIRES_EPOCH (what shell-init's function uses)
${CREDENTIAL_FLAGS_HELP}
`;

export default defineCommand({
  name: 'env',
  summary: 'print credentials of a profile as environment variables',
  help: HELP,
  flags: ENV_OPTIONS,
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, io }) {
    const { credentialVariables, formatEnv, markerVariables } = await import('../core/credentials/export-env.js');
    // `env` with no profile picks one on a terminal, as exec does.
    const format = values.json ? 'json' : ((values.format ?? defaultEnvFormat(currentPlatform(io.env))) as EnvFormat);
    if (!profile && !values.profile) profile = await (await import('./picker.js')).pickProfileIfInteractive(io, { project: values.project });
    const got = await obtainFromFlags(values, profile, io);
    const vars = credentialVariables(got.credentials, got.region);
    if (values['export-marker']) Object.assign(vars, markerVariables(got.plan.profile, got.credentials.expiration));
    // In a project, tools started from this shell must read the project's files too.
    if (got.plan.files.configChosenBy.startsWith('project')) {
      vars.AWS_CONFIG_FILE = got.plan.files.config;
      vars.AWS_SHARED_CREDENTIALS_FILE = got.plan.files.credentials;
    }
    io.stdout(formatEnv(vars, format));
    return 0;
  },
});
