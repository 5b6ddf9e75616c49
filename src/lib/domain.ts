/**
 * The shared domain types: what every layer speaks. This is the lowest layer
 * (src/lib/), so aws/, files/, vault/ and sources/ can all use them without
 * importing upward.
 */

/** Where a setting came from, for messages ("~/.aws/config:12"). */
export interface Origin {
  file: string;
  line: number;
}

/** Credentials as they flow between steps. Never printed without `redact`. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

/** Asks a person for something (MFA code); tests inject a scripted one. */
export interface Prompter {
  ask(question: string, opts?: { secret?: boolean }): Promise<string>;
}

/** What a step runner may use. Everything with side effects is injected. */
export interface StepContext {
  env: NodeJS.ProcessEnv;
  now: () => Date;
  prompt: Prompter;
  /** Logs one line for --verbose; callers pass already-redacted text. */
  verbose: (line: string) => void;
  /** MFA code given on the command line (`--mfa-token`), used once. */
  mfaToken?: string;
  /**
   * Identity Center access tokens. Injected by core (which owns login, refresh
   * and the login lock) so that sources never import core: the sso-role runner
   * asks for a token and reports one the portal rejected.
   */
  ssoTokens?: SsoTokenProvider;
}

/** What AssumeRole (or AssumeRoleWithWebIdentity) returned, kept whole: the AWS CLI's role cache holds all of it. */
export interface AssumeRoleResponse {
  credentials: AwsCredentials;
  assumedRoleArn?: string;
  assumedRoleId?: string;
  packedPolicySize?: number;
  sourceIdentity?: string;
  requestId?: string;
  httpStatusCode?: number;
}

export interface SsoSessionRef {
  sessionName?: string;
  startUrl: string;
  region: string;
  scopes?: string[];
}

export interface SsoTokenProvider {
  /** A usable access token: cached, refreshed, or (when interactive) from one login. */
  get(ref: SsoSessionRef): Promise<{ accessToken: string; expiresAt: Date }>;
  /**
   * The portal rejected a token that had not expired: mark it stale so `get` refreshes or
   * logs in again. `accessToken` is the token refused; when the cache holds another one by
   * now (another program refreshed), only the refused one is marked.
   */
  reportRejected(ref: SsoSessionRef, accessToken?: string): Promise<void>;
}
