import { projectHere } from './project-here.js';
import type { CliIo } from './io.js';
import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';
import { selfCommand } from './self-command.js';
import { terminalPrompter } from '../lib/prompt.js';

const HELP = `Usage: tempkey credentials configure PROFILE [options]

Stores an IAM user's long-term access keys out of plaintext, checks them with
STS, finds the user's MFA device, and writes a profile every tool can use.

Options:
  -p, --profile NAME            profile (and vault item) name, as PROFILE
      --credentials-file FILE   the access key CSV downloaded from the IAM console
                                (without it, the keys are asked on the terminal)
      --import-plaintext        take the keys from the profile's section of ~/.aws/credentials
                                and remove them there once they are safely stored
      --backend NAME            keyring (OS keyring) | file (encrypted, passphrase from
                                TEMPKEY_FILE_PASSPHRASE or a prompt) | credentials-file
                                (plaintext ~/.aws/credentials). Default: keyring where
                                available, else file; TEMPKEY_VAULT_BACKEND overrides.
  -r, --region REGION           region for the profile and STS calls
      --mfa-serial ARN          MFA device to use (default: found with IAM ListMFADevices)
      --no-mfa                  do not use MFA for this profile
      --skip-verify             do not call STS/IAM (offline set-up)
      --project NAME            write to ~/.aws/NAME/config (Leverage-style project)
      --json                    print the result as JSON
  -h, --help                    this help

In a Leverage-style project (like 'leverage credentials configure'):
      --type TYPE               bootstrap | management | security: keys stored as
                                <project>-<type>; one role profile per account
                                (<project>-<account>-oaar, or -devops for security)
      --fetch-mfa-device        record the MFA device even when MFA_ENABLED=false
      --overwrite-existing-credentials  replace keys already stored
      --skip-access-keys-setup  only (re)write the role profiles
      --skip-assumable-roles-setup  only store the keys
`;

async function configureProjectType(values: Record<string, string | boolean | undefined>, io: CliIo): Promise<number> {
  const { CREDENTIAL_TYPES, configureProjectIam } = await import('../core/project/leverage-iam.js');
  // Leverage's docs write --type SECURITY; it lower-cases the type, and so does tempkey.
  const type = String(values.type).toLowerCase() as (typeof CREDENTIAL_TYPES)[number];
  if (values['overwrite-existing-credentials'] && values['skip-access-keys-setup']) {
    throw new TempkeyError('BAD_FLAG', 'tempkey credentials configure: --overwrite-existing-credentials and --skip-access-keys-setup are mutually exclusive (as in Leverage).', {
      fix: 'Pass one of them: --overwrite-existing-credentials replaces the stored keys, --skip-access-keys-setup keeps them and only rewrites the role profiles.',
      location: { flag: '--overwrite-existing-credentials' },
      exitCode: 2,
    });
  }
  if (!CREDENTIAL_TYPES.includes(type)) {
    throw new TempkeyError('BAD_FLAG', `tempkey credentials configure: --type must be one of ${CREDENTIAL_TYPES.join(', ')}, not '${String(values.type)}'.`, { location: { flag: '--type' }, exitCode: 2 });
  }
  const { findProject } = await import('../project/detect.js');
  const project = await findProject(io.cwd, io.env);
  if (!project) {
    throw new TempkeyError('NOT_IN_PROJECT', `--type needs a Leverage-style project, and ${io.cwd} is not inside one (no build.env or config/common.tfvars above it).`, {
      fix: 'cd into the project, or use --profile NAME for a plain profile.',
      location: { flag: '--type' },
      exitCode: 2,
    });
  }
  const r = await configureProjectIam({
    env: io.env,
    cwd: io.cwd,
    project,
    type,
    csvFile: values['credentials-file'] as string | undefined,
    fetchMfaDevice: Boolean(values['fetch-mfa-device']),
    overwrite: Boolean(values['overwrite-existing-credentials']),
    skipAccessKeys: Boolean(values['skip-access-keys-setup']),
    skipRoles: Boolean(values['skip-assumable-roles-setup']),
    selfCommand: selfCommand(io.env),
    prompt: terminalPrompter('Pass the keys with --credentials-file accessKeys.csv.'),
    log: (line) => io.stderr(`${line}\n`),
  });
  if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
  else {
    io.stdout(`Project '${project.shortName}': ${r.profiles.length} role profiles use '${r.baseProfile}'.\n`);
    if (r.skipped.length) io.stdout(`Skipped (not in the organization): ${r.skipped.join(', ')}.\n`);
  }
  return 0;
}

export default defineCommand({
  name: 'credentials configure',
  summary: "store an IAM user's access keys (keyring or encrypted file), verify them, find MFA, write the profile",
  help: HELP,
  flags: {
        profile: { type: 'string', short: 'p' },
        'credentials-file': { type: 'string' },
        'import-plaintext': { type: 'boolean' },
        backend: { type: 'string', choices: ['keyring', 'file', 'credentials-file'] },
        region: { type: 'string', short: 'r', region: true },
        'mfa-serial': { type: 'string' },
        'no-mfa': { type: 'boolean' },
        'skip-verify': { type: 'boolean' },
        project: { type: 'string' },
        type: { type: 'string' },
        'fetch-mfa-device': { type: 'boolean' },
        'overwrite-existing-credentials': { type: 'boolean' },
        'skip-access-keys-setup': { type: 'boolean' },
        'skip-assumable-roles-setup': { type: 'boolean' },
      },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    if (values.type !== undefined) return configureProjectType(values, io);
    if (!profile) {
      throw new TempkeyError('BAD_FLAG', 'tempkey credentials configure: which profile? Give PROFILE or --profile NAME.', { location: { flag: '--profile' }, fix: 'e.g. tempkey credentials configure --profile acme-security --credentials-file accessKeys.csv', exitCode: 2 });
    }
    if (values['mfa-serial'] && values['no-mfa']) {
      throw new TempkeyError('BAD_FLAG', 'tempkey credentials configure: --mfa-serial and --no-mfa contradict each other.', { fix: 'Pass one of them.', exitCode: 2 });
    }
    const { checkBackendName } = await import('../vault/index.js');
    const { configureCredentials } = await import('../core/iam/credentials-configure.js');
    const result = await configureCredentials({
      env: io.env,
      cwd: io.cwd,
      profile,
      csvFile: values['credentials-file'],
      importPlaintext: values['import-plaintext'],
      backend: values.backend ? checkBackendName(values.backend, '--backend') : undefined,
      region: values.region,
      mfaSerial: values['mfa-serial'],
      noMfa: values['no-mfa'],
      skipVerify: values['skip-verify'],
      selfCommand: selfCommand(io.env),
      prompt: terminalPrompter('Pass the keys with --credentials-file accessKeys.csv.'),
      log: (line) => io.stderr(`${line}\n`),
      project: await projectHere(values.project, io),
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`Profile '${result.profile}' is ready: try 'tempkey whoami ${result.profile}'.\n`);
    return 0;
  },
});
