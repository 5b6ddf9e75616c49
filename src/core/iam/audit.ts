import { maskKeyId } from '../../lib/redact.js';
import type { Prompter } from '../../lib/domain.js';
import { managedKeys } from './managed-users.js';

/**
 * `tempkey audit`: for each IAM user whose keys tempkey keeps, every access
 * key's age and last use, whether the user has MFA, and what to act on.
 */
export interface AuditKey {
  accessKeyId: string;
  stored: boolean;
  status: string;
  ageDays?: number;
  lastUsed?: string;
  lastUsedService?: string;
  tooOld: boolean;
}

export interface AuditUser {
  profiles: string[];
  arn?: string;
  mfa?: boolean;
  keys: AuditKey[];
  findings: string[];
  error?: string;
}

export async function audit(o: { env: NodeJS.ProcessEnv; cwd: string; project?: string; prompt: Prompter; log: (l: string) => void; maxAgeDays: number; now?: () => Date }): Promise<AuditUser[]> {
  const now = (o.now ?? (() => new Date()))();
  const sts = await import('../../aws/sts.js');
  const iam = await import('../../aws/iam.js');
  const out: AuditUser[] = [];
  for (const m of await managedKeys(o)) {
    const user: AuditUser = { profiles: [m.profile], keys: [], findings: [] };
    out.push(user);
    try {
      const keys = await m.vault.get(m.item);
      if (!keys) throw new Error(`no keys in ${m.vault.description} for '${m.item}'`);
      const opts = { region: m.region, env: o.env, profile: m.profile };
      const who = await sts.getCallerIdentity(keys, opts);
      user.arn = who.arn;
      const userName = /:user\/(?:.*\/)?([^/]+)$/.exec(who.arn)?.[1];
      user.mfa = (await iam.listMfaDevices(keys, opts, userName)).length > 0;
      if (!user.mfa) user.findings.push('no MFA device: add one in the IAM console, then run tempkey credentials configure again');
      for (const k of await iam.listAccessKeys(keys, opts, userName)) {
        const ageDays = k.createDate ? Math.floor((now.getTime() - k.createDate.getTime()) / 86400_000) : undefined;
        const tooOld = k.createDate !== undefined && now.getTime() - k.createDate.getTime() > o.maxAgeDays * 86400_000;
        const stored = k.accessKeyId === keys.accessKeyId;
        user.keys.push({ accessKeyId: maskKeyId(k.accessKeyId), stored, status: k.status, ageDays, lastUsed: k.lastUsedDate?.toISOString(), lastUsedService: k.lastUsedService, tooOld });
        if (tooOld) user.findings.push(`key ${maskKeyId(k.accessKeyId)} is ${ageDays} days old (over ${o.maxAgeDays}): ${stored ? `tempkey credentials rotate ${m.profile}` : 'delete it if unused'}`);
        if (!stored && k.status === 'Active') user.findings.push(`key ${maskKeyId(k.accessKeyId)} is active but not the one tempkey keeps: delete it if nobody uses it`);
      }
    } catch (e) {
      user.error = (e as Error).message;
      user.findings.push(`cannot audit: ${user.error}`);
    }
  }
  return out;
}
