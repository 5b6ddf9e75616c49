import { TempkeyError } from '../../lib/errors.js';
import { maskKeyId, registerSecret } from '../../lib/redact.js';
import type { AwsCredentials, Prompter } from '../../lib/domain.js';
import { managedKeys } from './managed-users.js';

/**
 * `tempkey credentials rotate`: a new access key replaces the stored one, in
 * an order where every failure leaves a working key stored:
 *   create new → verify new (STS, retried: IAM is eventually consistent) →
 *   store new → delete old.
 * If verifying or storing fails, the new key is deleted and the old one stays;
 * if deleting the old key fails, the new one is already stored and works,
 * and the person is told to delete the old one.
 */
export interface RotateResult {
  profile: string;
  oldKey: string;
  newKey: string;
  oldKeyDeleted: boolean;
}

export async function rotateKeys(o: { env: NodeJS.ProcessEnv; cwd: string; profile: string; project?: string; prompt: Prompter; log: (l: string) => void; verifyAttempts?: number }): Promise<RotateResult> {
  const [m] = await managedKeys({ ...o, only: o.profile });
  const old = await m!.vault.get(m!.item);
  if (!old) throw new TempkeyError('VAULT_ITEM_MISSING', `No keys in ${m!.vault.description} for '${m!.item}'.`, { fix: `tempkey credentials configure --profile ${o.profile} --credentials-file accessKeys.csv` });
  registerSecret(old.secretAccessKey);
  const sts = await import('../../aws/sts.js');
  const iam = await import('../../aws/iam.js');
  const opts = { region: m!.region, env: o.env, profile: o.profile };
  const who = await sts.getCallerIdentity(old, opts);
  const userName = /:user\/(?:.*\/)?([^/]+)$/.exec(who.arn)?.[1];
  const existing = await iam.listAccessKeys(old, opts, userName);
  if (existing.length >= 2) {
    const other = existing.find((k) => k.accessKeyId !== old.accessKeyId);
    throw new TempkeyError('TOO_MANY_KEYS', `${who.arn} already has two access keys (the IAM limit); the other one is ${maskKeyId(other?.accessKeyId ?? '')}.`, {
      fix: `Delete the key you do not use (IAM console, or: aws iam delete-access-key --access-key-id ${other?.accessKeyId ?? 'ID'}), then rotate again.`,
    });
  }
  const fresh = await iam.createAccessKey(old, opts, userName);
  registerSecret(fresh.secretAccessKey);
  o.log(`Created ${maskKeyId(fresh.accessKeyId)} for ${who.arn}.`);
  const undo = async (why: string, cause: unknown): Promise<never> => {
    await iam.deleteAccessKey(old, fresh.accessKeyId, opts, userName).catch(() => o.log(`Could not delete the new key ${maskKeyId(fresh.accessKeyId)}; delete it in the IAM console.`));
    throw new TempkeyError('ROTATE_FAILED', `Rotation stopped: ${why}. The old key ${maskKeyId(old.accessKeyId)} is still stored and active.`, { cause, fix: 'Run tempkey credentials rotate again later.' });
  };
  try {
    await verify(fresh, opts, o.verifyAttempts ?? (Number(o.env.TEMPKEY_ROTATE_VERIFY_ATTEMPTS) || 10));
  } catch (e) {
    return undo(`the new key did not work (${(e as Error).message})`, e);
  }
  try {
    await m!.vault.set(m!.item, { accessKeyId: fresh.accessKeyId, secretAccessKey: fresh.secretAccessKey });
  } catch (e) {
    return undo(`could not store the new key in ${m!.vault.description}`, e);
  }
  o.log(`Stored ${maskKeyId(fresh.accessKeyId)} in ${m!.vault.description}.`);
  try {
    await iam.deleteAccessKey(fresh, old.accessKeyId, opts, userName);
    o.log(`Deleted the old key ${maskKeyId(old.accessKeyId)}.`);
    return { profile: o.profile, oldKey: maskKeyId(old.accessKeyId), newKey: maskKeyId(fresh.accessKeyId), oldKeyDeleted: true };
  } catch (e) {
    o.log(`The new key is stored and works, but the old key ${maskKeyId(old.accessKeyId)} could not be deleted: ${(e as Error).message}`);
    return { profile: o.profile, oldKey: maskKeyId(old.accessKeyId), newKey: maskKeyId(fresh.accessKeyId), oldKeyDeleted: false };
  }
}

async function verify(keys: AwsCredentials, opts: { region: string; env: NodeJS.ProcessEnv; profile: string }, attempts: number): Promise<void> {
  const sts = await import('../../aws/sts.js');
  for (let i = 1; ; i++) {
    try {
      await sts.getCallerIdentity(keys, opts);
      return;
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, Math.min(2000, 200 * i)));
    }
  }
}
