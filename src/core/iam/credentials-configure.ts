import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { maskKeyId, registerSecret } from '../../lib/redact.js';
import { editIniFile, readIniFile } from '../../files/ini-file.js';
import { locateAwsFiles } from '../../files/paths.js';
import { defaultBackend, keyringFallbackNote, openVault, type LongTermKeys, type VaultBackendName } from '../../vault/index.js';
import { checkKeyShape, parseAccessKeyCsv } from './access-key-csv.js';
import type { Prompter } from '../../lib/domain.js';
import { currentPlatform, quoteCommandLine } from '../../lib/platform.js';

/**
 * `tempkey credentials configure`: an IAM user's long-term keys go into the
 * vault (never plaintext unless asked), are checked with GetCallerIdentity,
 * the user's MFA device is found, and a profile is written that tempkey and
 * every other tool can use:
 *
 *   [profile acme-security]
 *   tempkey_vault = acme-security
 *   mfa_serial = arn:aws:iam::111111111111:mfa/alice
 *   region = us-east-1
 *   credential_process = /path/to/tempkey credential-process --profile acme-security
 *
 * tempkey itself reads the keys from the vault (the vault rule wins over the
 * credential_process line); the AWS CLI, SDKs and terraform run the
 * credential_process line and get MFA-backed session credentials.
 */
export interface ConfigureOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile: string;
  csvFile?: string;
  /** Take the keys from the profile's plaintext section of the credentials file, and remove them there once stored. */
  importPlaintext?: boolean;
  backend?: VaultBackendName;
  region?: string;
  mfaSerial?: string;
  noMfa?: boolean;
  skipVerify?: boolean;
  /** Where the tempkey executable is, for the credential_process line. */
  selfCommand: string;
  prompt: Prompter;
  log: (line: string) => void;
  project?: string;
}

export interface ConfigureResult {
  profile: string;
  accessKeyId: string; // masked
  identityArn?: string;
  accountId?: string;
  mfaSerial?: string;
  backend: VaultBackendName;
  configFile: string;
}

export async function configureCredentials(o: ConfigureOptions): Promise<ConfigureResult> {
  checkProfileName(o.profile);
  const files = locateAwsFiles(o.env, { project: o.project, cwd: o.cwd });
  const existing = (await readIniFile(files.config))?.section(o.profile === 'default' ? 'default' : `profile ${o.profile}`);
  const existingRegion = existing?.values.region?.value;
  const region = o.region ?? (typeof existingRegion === 'string' ? existingRegion : undefined) ?? o.env.AWS_REGION ?? o.env.AWS_DEFAULT_REGION ?? 'us-east-1';

  const keys = o.importPlaintext ? await keysFromCredentialsFile(files.credentials, o.profile) : o.csvFile ? await keysFromCsv(resolve(o.cwd, o.csvFile)) : await keysFromPrompt(o.prompt);
  registerSecret(keys.secretAccessKey);

  let identityArn: string | undefined;
  let accountId: string | undefined;
  let mfaSerial = o.noMfa ? undefined : o.mfaSerial;
  if (!o.skipVerify) {
    const sts = await import('../../aws/sts.js');
    const id = await sts.getCallerIdentity(keys, { region, env: o.env, profile: o.profile });
    identityArn = id.arn;
    accountId = id.account;
    o.log(`Verified: keys ${maskKeyId(keys.accessKeyId)} belong to ${id.arn}`);
    if (!o.noMfa && !mfaSerial) {
      const iam = await import('../../aws/iam.js');
      // The user name from the caller ARN (arn:aws:iam::111:user/path/alice): explicit works everywhere.
      const userName = /:user\/(?:.*\/)?([^/]+)$/.exec(id.arn)?.[1];
      const devices = await iam.listMfaDevices(keys, { region, env: o.env }, userName);
      mfaSerial = devices[0];
      if (devices.length > 1) o.log(`Found ${devices.length} MFA devices; using ${mfaSerial} (choose another with --mfa-serial ARN).`);
      else if (mfaSerial) o.log(`MFA device: ${mfaSerial}`);
      else o.log('No MFA device found for this user: sessions will be made without MFA (add one in the IAM console, then run this again).');
    }
  }
  if (mfaSerial && !/^arn:aws[\w-]*:iam::\d{12}:mfa\/.+/.test(mfaSerial) && !/^GA[A-Z0-9]+$/.test(mfaSerial)) {
    throw new TempkeyError('BAD_MFA_SERIAL', `'${mfaSerial}' is not an MFA device ARN (arn:aws:iam::<account>:mfa/<name>).`, { location: { flag: '--mfa-serial' }, fix: 'Copy the ARN from the IAM console (Security credentials → MFA).' });
  }

  const backend = o.backend ?? defaultBackend(o.env);
  // A fallback is recorded in the profile: once a keyring appears (WSL gets a Secret Service), the default moves, the keys do not.
  const fallback = o.backend ? undefined : keyringFallbackNote(o.env);
  if (fallback) o.log(fallback);
  const vault = await openVault({ env: o.env, warn: o.log, askPassphrase: (q) => o.prompt.ask(q, { secret: true }) }, backend);
  await vault.set(o.profile, keys);
  o.log(`Stored the keys in ${vault.description} as '${o.profile}'.`);

  const section = o.profile === 'default' ? 'default' : `profile ${o.profile}`;
  await editIniFile(files.config, (doc) => {
    doc.set(section, 'tempkey_vault', o.profile);
    if (backend !== defaultBackend(o.env) || fallback) doc.set(section, 'tempkey_vault_backend', backend);
    else doc.delete(section, 'tempkey_vault_backend');
    if (mfaSerial) doc.set(section, 'mfa_serial', mfaSerial);
    else if (o.noMfa) doc.delete(section, 'mfa_serial');
    doc.set(section, 'region', region);
    doc.set(section, 'credential_process', `${o.selfCommand} ${quoteCommandLine(['credential-process', '--profile', o.profile], currentPlatform(o.env))}`);
    // Keys now live in the vault: plaintext copies in this section would shadow it for other tools.
    doc.delete(section, 'aws_access_key_id');
    doc.delete(section, 'aws_secret_access_key');
  });
  o.log(`Wrote [${section}] to ${files.config}.`);
  if (o.importPlaintext) {
    // Stored and verified: now the plaintext copy goes (the section's other keys stay).
    await editIniFile(files.credentials, (doc) => {
      for (const k of ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']) doc.delete(o.profile, k);
      if (doc.section(o.profile) && Object.keys(doc.section(o.profile)!.values).length === 0) doc.removeSection(o.profile);
    });
    o.log(`Removed the plaintext keys of [${o.profile}] from ${files.credentials}.`);
  }
  if (o.csvFile && !o.importPlaintext) await offerToDeleteCsv(resolve(o.cwd, o.csvFile), o);
  return { profile: o.profile, accessKeyId: maskKeyId(keys.accessKeyId), identityArn, accountId, mfaSerial, backend, configFile: files.config };
}

/**
 * The keys are in the vault now, but the downloaded CSV still holds the secret
 * key in plain text: say so, and offer to delete it (on a terminal), else
 * print the command that does.
 */
async function offerToDeleteCsv(csv: string, o: ConfigureOptions): Promise<void> {
  o.log(`${csv} still holds the secret access key in plain text.`);
  let answer: string;
  try {
    answer = await o.prompt.ask(`Delete ${csv} now? [y/N] `);
  } catch (e) {
    if ((e as { code?: string }).code !== 'NO_TERMINAL') throw e;
    o.log(`Delete it when you no longer need it: rm ${quoteCommandLine([csv], currentPlatform(o.env))}`);
    return;
  }
  if (/^\s*y(es)?\s*$/i.test(answer)) {
    const { rm } = await import('node:fs/promises');
    await rm(csv, { force: true });
    o.log(`Deleted ${csv}.`);
  } else {
    o.log(`Kept ${csv}; delete it when you no longer need it.`);
  }
}

async function keysFromCredentialsFile(file: string, profile: string): Promise<LongTermKeys> {
  const v = (await readIniFile(file))?.section(profile)?.values;
  const id = v?.aws_access_key_id?.value;
  const secret = v?.aws_secret_access_key?.value;
  if (typeof id !== 'string' || typeof secret !== 'string') {
    throw new TempkeyError('NO_PLAINTEXT_KEYS', `[${profile}] in ${file} has no aws_access_key_id and aws_secret_access_key to import.`, { location: { file, profile }, fix: `tempkey credentials configure --profile ${profile} --credentials-file accessKeys.csv` });
  }
  checkKeyShape(id, secret, `[${profile}] in ${file}`);
  return { accessKeyId: id, secretAccessKey: secret };
}

async function keysFromCsv(file: string): Promise<LongTermKeys> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new TempkeyError('FILE_READ', `Cannot read ${file}: ${(e as Error).message}`, { location: { file, flag: '--credentials-file' }, fix: 'Check the path of the CSV downloaded from the IAM console.' });
  }
  return parseAccessKeyCsv(text, file);
}

async function keysFromPrompt(prompt: Prompter): Promise<LongTermKeys> {
  const accessKeyId = (await prompt.ask('AWS access key id: ')).trim();
  const secretAccessKey = (await prompt.ask('AWS secret access key: ', { secret: true })).trim();
  checkKeyShape(accessKeyId, secretAccessKey, 'the keys entered');
  return { accessKeyId, secretAccessKey };
}

export function checkProfileName(name: string): void {
  if (!/^[A-Za-z0-9][\w.@+-]{0,63}$/.test(name)) {
    throw new TempkeyError('BAD_PROFILE_NAME', `'${name}' cannot be a profile name: use letters, digits and . _ - @ + (up to 64).`, { location: { flag: '--profile' } });
  }
}
