import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { currentPlatform, isWindows, quoteCommandLine } from '../../lib/platform.js';

/**
 * The files `tempkey sandbox` prepares in its home directory: an AWS config
 * with the Identity Center session and the IAM user's role profiles, the
 * access key CSV as the IAM console would hand it out, an "authenticator app"
 * script for MFA codes, and the environment to source.
 */
export interface SandboxWorld {
  url: string;
  startUrl: string;
  region: string;
  accounts: { id: string; name: string }[];
  iamUser: { userName: string; accessKeyId: string; secretAccessKey: string; mfaSerial: string };
}

export interface SandboxFiles {
  home: string;
  config: string;
  csv: string;
  totp: string;
  envFile: string;
  env: Record<string, string>;
}

/** The services the sandbox serves, as named in AWS_ENDPOINT_URL_<SERVICE>. */
export const SANDBOX_SERVICES = ['SSO', 'SSO_OIDC', 'STS', 'IAM', 'ORGANIZATIONS', 'S3', 'DYNAMODB'];

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export async function writeSandboxFiles(home: string, w: SandboxWorld, envFile = join(home, 'sandbox.env')): Promise<SandboxFiles> {
  const aws = join(home, '.aws');
  await mkdir(aws, { recursive: true, mode: 0o700 });
  const totp = join(home, 'totp');
  // A node one-liner asking the emulator, like reading an authenticator app. On Unix a script a person can
  // run too; Windows runs no #! script (and node will not spawn a .cmd without a shell), so there the
  // mfa_process line is the one-liner itself. Either way quoted for the platform: homes have spaces.
  const platform = currentPlatform();
  const askEmulator = [process.execPath, '-e', 'fetch(process.argv[1]).then(r=>r.text()).then(t=>process.stdout.write(t))', `${w.url}/_emulator/totp`];
  let mfaProcess: string;
  if (isWindows(platform)) mfaProcess = quoteCommandLine(askEmulator, platform);
  else {
    await writeFile(totp, `#!/bin/sh\nexec ${askEmulator.map(quote).join(' ')}\n`);
    await chmod(totp, 0o700);
    mfaProcess = quoteCommandLine([totp], platform);
  }
  const roleProfiles = w.accounts
    .filter((a) => a.name !== 'management')
    .map((a) => `[profile acme-${a.name}-devops]\nrole_arn = arn:aws:iam::${a.id}:role/DevOps\nsource_profile = acme-security\nmfa_serial = ${w.iamUser.mfaSerial}\nmfa_process = ${mfaProcess}\nregion = ${w.region}\n`)
    .join('\n');
  const config = join(aws, 'config');
  await writeFileAtomic(
    config,
    `# Written by 'tempkey sandbox': a local organization (moto + the tempkey emulator at ${w.url}).\n\n` +
      `[sso-session sandbox]\nsso_start_url = ${w.startUrl}\nsso_region = ${w.region}\nsso_registration_scopes = sso:account:access\n\n` +
      `# The IAM user's profile; 'tempkey credentials configure' adds its keys (kept in the vault) below.\n[profile acme-security]\nmfa_process = ${mfaProcess}\nregion = ${w.region}\n\n` +
      roleProfiles,
  );
  const csv = join(home, `${w.iamUser.userName}_accessKeys.csv`);
  await writeFileAtomic(csv, `\ufeffAccess key ID,Secret access key\r\n${w.iamUser.accessKeyId},${w.iamUser.secretAccessKey}\r\n`);
  const env: Record<string, string> = {
    HOME: home,
    AWS_ENDPOINT_URL: w.url,
    // Per service too: terraform's AWS provider (Go SDK v2) and older SDK builds read these for their
    // internal SSO / STS clients, so terraform works in the sandbox as it is.
    ...Object.fromEntries(SANDBOX_SERVICES.map((s) => [`AWS_ENDPOINT_URL_${s}`, w.url])),
    AWS_REGION: w.region,
    AWS_EC2_METADATA_DISABLED: 'true',
    TEMPKEY_VAULT_BACKEND: 'file',
    TEMPKEY_FILE_PASSPHRASE: 'sandbox passphrase',
  };
  await writeFileAtomic(envFile, Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}\n`).join(''));
  return { home, config, csv, totp, envFile, env };
}
