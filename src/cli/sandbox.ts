import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey sandbox [options]

Starts a local AWS for trying tempkey without touching real AWS: moto (STS,
IAM, Organizations) behind the tempkey emulator (IAM Identity Center sign-in,
portal, console federation), with a demo organization: accounts management,
security, shared, apps-devstg and apps-prd; Identity Center users alice and
bob with permission sets; an IAM user with an MFA device. It writes a ready
AWS config into a sandbox home, prints the environment to use, and runs until
Ctrl-C.

Options:
      --dir DIR         the sandbox home (default: a new temporary directory)
      --env-file FILE   also write the environment there (default: DIR/sandbox.env)
      --port N          the port (default: a free one)
      --auto-approve    approve sign-ins without a browser (scripted demos)
      --accounts N      a generated organization of N accounts instead of the demo
      --roles N         permission sets per account with --accounts (default 3)
  -h, --help            this help
`;

export default defineCommand({
  name: 'sandbox',
  summary: 'run a local AWS (moto + Identity Center emulator) with a demo organization',
  help: HELP,
  flags: { dir: { type: 'string' }, 'env-file': { type: 'string' }, port: { type: 'string', integer: { min: 0, max: 65535 } }, 'auto-approve': { type: 'boolean' }, accounts: { type: 'string', integer: { min: 1, max: 10000 } }, roles: { type: 'string', integer: { min: 1, max: 100 } } },
  json: false,
  async run({ values, profile, args, io }) {
    // The emulator is the test world's; the sandbox is its one user outside the tests.
    const { findMotoServer, MOTO_INSTALL_FIX } = await import('../../emulator/moto.js');
    if (!findMotoServer(io.env)) {
      throw new TempkeyError('COMMAND_NOT_FOUND', 'tempkey sandbox needs moto_server (the local STS, IAM and Organizations), and it is not on PATH.', { fix: MOTO_INSTALL_FIX });
    }
    const { startLocalAws } = await import('../../emulator/local-aws.js');
    const { generatedDirectory } = await import('../../emulator/directory.js');
    const { writeSandboxFiles } = await import('../core/sandbox/files.js');
    const home = values.dir ? resolve(io.cwd, values.dir) : await mkdtemp(join(tmpdir(), 'tempkey-sandbox-'));
    const world = await startLocalAws({
      directory: values.accounts ? generatedDirectory(Number(values.accounts), Number(values.roles ?? 3)) : undefined,
      autoApprove: values['auto-approve'],
      port: values.port ? Number(values.port) : undefined,
    });
    const files = await writeSandboxFiles(
      home,
      {
        url: world.url,
        startUrl: world.directory.startUrl,
        region: world.directory.region,
        accounts: world.directory.accounts.map((a) => ({ id: a.id!, name: a.name })),
        iamUser: world.iamUser,
      },
      values['env-file'] ? resolve(io.cwd, values['env-file']) : undefined,
    );
    io.stdout(
      `tempkey sandbox: local AWS at ${world.url} (${world.directory.accounts.length} accounts; Identity Center users alice/alice-password, bob/bob-password)\n` +
        `\nUse it from another shell:\n\n    source ${files.envFile}\n\n` +
        `It sets AWS_ENDPOINT_URL and ${Object.keys(files.env).filter((k) => k.startsWith('AWS_ENDPOINT_URL_')).join(', ')} (terraform's AWS provider reads these).\n\n` +
        `Then, for example:\n` +
        `    tempkey login --sso-session sandbox${values['auto-approve'] ? '            (approved automatically)' : ''}\n` +
        `    tempkey profiles sync\n` +
        `    tempkey credentials configure --profile acme-security --credentials-file ${files.csv}\n` +
        `    tempkey whoami acme-apps-devstg-devops    (MFA codes come from ${files.totp})\n` +
        `\nIAM user ${world.iamUser.userName}: MFA device ${world.iamUser.mfaSerial}, TOTP secret ${world.iamUser.totpSecret}\n` +
        `Ctrl-C stops the sandbox.\n`,
    );
    await new Promise<void>((done) => {
      const stop = () => done();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await world.stop();
    io.stderr('tempkey sandbox: stopped.\n');
    return 0;
  },
});
