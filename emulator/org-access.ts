import { STSClient, GetAccessKeyInfoCommand } from '@aws-sdk/client-sts';
import type { ServiceKeys } from './moto.js';

/**
 * Real AWS answers Organizations only to the organization's management
 * account (or a delegated administrator): a member account's keys get
 * AccessDeniedException. moto answers anyone (a member gets an empty list), so
 * the gateway enforces the rule. The caller's account comes from the access
 * key: long-term keys through STS GetAccessKeyInfo (moto knows every IAM
 * user's account), temporary keys from the sessions the gateway saw minted.
 */
export class OrganizationsAccess {
  private sessions = new Map<string, string>();
  private sts: STSClient;

  constructor(
    motoUrl: string,
    keys: ServiceKeys,
    private managementAccountId: string,
  ) {
    this.sts = new STSClient({ region: 'us-east-1', endpoint: motoUrl, credentials: keys, maxAttempts: 2 });
  }

  /** A temporary key and the account it acts in (AssumeRole answers, portal role credentials). */
  noteSession(accessKeyId: string, accountId: string): void {
    this.sessions.set(accessKeyId, accountId);
  }

  /** Records every session key an STS XML answer carries, with the account of its AssumedRoleUser ARN. */
  noteStsAnswer(xml: string): void {
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(xml)?.[1];
    const account = /<Arn>arn:aws:sts::(\d{12}):assumed-role\//.exec(xml)?.[1];
    if (key && account) this.noteSession(key, account);
  }

  async accountOf(accessKeyId: string): Promise<string> {
    const known = this.sessions.get(accessKeyId);
    if (known) return known;
    const r = await this.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: accessKeyId }));
    return r.Account ?? this.managementAccountId;
  }

  /** The refusal message for a caller outside the management account, else undefined. */
  async refusal(accessKeyId: string | undefined): Promise<string | undefined> {
    if (!accessKeyId) return undefined;
    const account = await this.accountOf(accessKeyId).catch(() => this.managementAccountId);
    if (account === this.managementAccountId) return undefined;
    return `You don't have permissions to access this resource. (account ${account} is not the organization's management account)`;
  }

  destroy(): void {
    this.sts.destroy();
  }
}
