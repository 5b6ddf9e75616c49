import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { TempkeyError } from '../lib/errors.js';
import { selfCommand } from './self-command.js';
import { terminalPrompter } from '../lib/prompt.js';

const HELP = `Usage: tempkey credentials configure --profile NAME [options]

Stores an IAM user's long-term access keys out of plaintext, checks them with
STS, finds the user's MFA device, and writes a profile every tool can use.

Options:
  -p, --profile NAME            profile (and vault item) name
      --credentials-file FILE   the access key CSV downloaded from the IAM console
                                (without it, the keys are asked on the terminal)
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
`;

const command: CommandModule = {
  summary: "store an IAM user's access keys (keyring or encrypted file), verify them, find MFA, write the profile",
  async run(args, io) {
    const { values } = parseFlags(
      'credentials configure',
      args,
      {
        profile: { type: 'string', short: 'p' },
        'credentials-file': { type: 'string' },
        backend: { type: 'string' },
        region: { type: 'string', short: 'r' },
        'mfa-serial': { type: 'string' },
        'no-mfa': { type: 'boolean' },
        'skip-verify': { type: 'boolean' },
        project: { type: 'string' },
      },
      { allowPositionals: false },
    );
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    if (!values.profile) {
      throw new TempkeyError('BAD_FLAG', 'tempkey credentials configure: --profile NAME is required.', { location: { flag: '--profile' }, fix: 'e.g. tempkey credentials configure --profile acme-security --credentials-file accessKeys.csv', exitCode: 2 });
    }
    if (values['mfa-serial'] && values['no-mfa']) {
      throw new TempkeyError('BAD_FLAG', 'tempkey credentials configure: --mfa-serial and --no-mfa contradict each other.', { fix: 'Pass one of them.', exitCode: 2 });
    }
    const { checkBackendName } = await import('../vault/index.js');
    const { configureCredentials } = await import('../core/credentials-configure.js');
    const result = await configureCredentials({
      env: io.env,
      cwd: io.cwd,
      profile: values.profile,
      csvFile: values['credentials-file'],
      backend: values.backend ? checkBackendName(values.backend, '--backend') : undefined,
      region: values.region,
      mfaSerial: values['mfa-serial'],
      noMfa: values['no-mfa'],
      skipVerify: values['skip-verify'],
      selfCommand: selfCommand(io.env),
      prompt: terminalPrompter('Pass the keys with --credentials-file accessKeys.csv.'),
      log: (line) => io.stderr(`${line}\n`),
      project: values.project,
    });
    if (values.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else io.stdout(`Profile '${result.profile}' is ready: try 'tempkey whoami ${result.profile}'.\n`);
    return 0;
  },
};
export default command;
