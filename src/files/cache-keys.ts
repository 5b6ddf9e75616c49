import { pythonJson, type PyJson } from '../lib/python-json.js';
import { sha1Hex as pureSha1Hex } from '../lib/sha1.js';

/**
 * Cache file names shared with the AWS CLI v2 / botocore. They are sha1 hashes
 * of Python `json.dumps(..., sort_keys=True)` text (lib/python-json
 * reproduces Python's serializer exactly).
 */

export type { PyJson };

/** `json.dumps(value, sort_keys=True, separators=...)`: the text cache keys hash. Undefined members are dropped. */
export function pythonJsonDumps(value: PyJson, separators: [string, string] = [', ', ': ']): string {
  return pythonJson(value, { sortKeys: true, separators });
}

/** Pure JS (src/lib/sha1.ts): loading node:crypto would cost the credential-process hot path ~4 ms. */
export function sha1Hex(text: string): string {
  return pureSha1Hex(text);
}

export interface AssumeRoleCacheArgs {
  RoleArn: string;
  /** Only when the user set role_session_name: the AWS CLI leaves its generated default out of the key. */
  RoleSessionName?: string;
  ExternalId?: string;
  SerialNumber?: string;
  /** An int, as botocore parses duration_seconds with int(). */
  DurationSeconds?: number;
}

/** ~/.aws/cli/cache/<key>.json for an AssumeRole result (botocore AssumeRoleCredentialFetcher). */
export function assumeRoleCacheKey(args: AssumeRoleCacheArgs): string {
  const obj: Record<string, PyJson | undefined> = {
    RoleArn: args.RoleArn,
    RoleSessionName: args.RoleSessionName,
    ExternalId: args.ExternalId,
    SerialNumber: args.SerialNumber,
    DurationSeconds: args.DurationSeconds,
  };
  return sha1Hex(pythonJsonDumps(obj));
}

/** ~/.aws/cli/cache/<key>.json for AssumeRoleWithWebIdentity (same scheme as AssumeRole). */
export function webIdentityCacheKey(args: { RoleArn: string; RoleSessionName?: string }): string {
  return sha1Hex(pythonJsonDumps({ RoleArn: args.RoleArn, RoleSessionName: args.RoleSessionName }));
}

export interface SsoRoleCacheArgs {
  accountId: string;
  roleName: string;
  /** The sso-session name; legacy profiles (no sso_session) use startUrl instead. */
  sessionName?: string;
  startUrl?: string;
}

/** ~/.aws/cli/cache/<key>.json for SSO role credentials (compact separators, unlike AssumeRole). */
export function ssoRoleCacheKey(args: SsoRoleCacheArgs): string {
  const obj: Record<string, PyJson> = { accountId: args.accountId, roleName: args.roleName };
  if (args.sessionName) obj.sessionName = args.sessionName;
  else obj.startUrl = args.startUrl ?? '';
  return sha1Hex(pythonJsonDumps(obj, [',', ':']));
}

/** ~/.aws/sso/cache/<key>.json access token: sha1 of the sso-session name, or of the start URL (legacy). */
export function ssoTokenCacheKey(sessionNameOrStartUrl: string): string {
  return sha1Hex(sessionNameOrStartUrl);
}

export interface SsoClientRegistrationArgs {
  startUrl: string;
  region: string;
  scopes?: string[] | null;
  session_name?: string | null;
}

/** ~/.aws/sso/cache/<key>.json client registration, as the AWS CLI v2 keys it ("tool": "botocore"; tempkey's own slots name another tool). */
export function ssoClientRegistrationCacheKey(args: SsoClientRegistrationArgs, tool = 'botocore'): string {
  return sha1Hex(
    pythonJsonDumps({
      tool,
      startUrl: args.startUrl,
      region: args.region,
      scopes: args.scopes ?? null,
      session_name: args.session_name ?? null,
    }),
  );
}
