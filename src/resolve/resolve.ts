import { join } from 'node:path';
import { TempkeyError, where } from '../lib/errors.js';
import { assumeRoleCacheKey, pythonJsonDumps, sha1Hex, ssoRoleCacheKey, ssoTokenCacheKey, webIdentityCacheKey } from '../files/cache-keys.js';
import { loginCacheDir } from '../files/login-dir.js';
import { cliCacheDir, ssoCacheDir, tempkeyCacheDir, type AwsFileLocations } from '../files/paths.js';
import type {
  AssumeRoleStep,
  KeySource,
  Origin,
  Plan,
  PlanStep,
  PrecedenceRule,
  RuleDecision,
  SessionTokenStep,
  SsoRoleStep,
  StaticKeysStep,
} from './plan.js';
import {
  buildProfileModel,
  profileOrigin,
  type AwsProfileModel,
  type IniDocumentView,
  type ProfileEntry,
  type Setting,
} from '../files/profile-model.js';
import { suggestProfiles } from './suggest.js';

/**
 * Files + environment + flags → Plan, with the AWS CLI v2's precedence and
 * botocore's tie-breaks (credentials.py): the first rule that matches wins,
 * every rule checked is recorded with its reason, and only the winner is
 * validated (a broken later rule never hides a working earlier one, exactly
 * as in botocore). Pure: no network, no file reads.
 */

export interface ResolveInput {
  env: NodeJS.ProcessEnv;
  flags: { profile?: string; region?: string };
  config?: IniDocumentView;
  credentials?: IniDocumentView;
  files: AwsFileLocations;
  /** A model built earlier from the same documents (skips re-building). */
  model?: AwsProfileModel;
  /** Injected clock; resolution itself needs no time today, but callers pass one for determinism. */
  now?: () => Date;
}

/** The MFA session lasts this long unless `tempkey_mfa_session_duration` says otherwise (12 h). */
export const DEFAULT_MFA_SESSION_SECONDS = 43200;
/** AssumeRole lasts an hour when the profile sets no duration_seconds. */
const DEFAULT_ROLE_SECONDS = 3600;
const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

interface RuleCheck {
  rule: PrecedenceRule;
  matches: boolean;
  reason: string;
  origin?: Origin;
  build?: () => PlanStep[];
}

const at = (s: Setting | undefined) => (s ? ` (${where(s.origin)})` : '');

export function resolvePlan(input: ResolveInput): Plan {
  const model = input.model ?? buildProfileModel(input.config, input.credentials, input.files);
  return new Resolver(model, input).run();
}

/** Which profile is asked for, like the AWS CLI v2: --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, default. */
export function chooseProfile(env: NodeJS.ProcessEnv, flag?: string): { profile: string; chosenBy: Plan['profileChosenBy'] } {
  if (flag) return { profile: flag, chosenBy: 'flag' };
  if (env.AWS_PROFILE) return { profile: env.AWS_PROFILE, chosenBy: 'AWS_PROFILE' };
  if (env.AWS_DEFAULT_PROFILE) return { profile: env.AWS_DEFAULT_PROFILE, chosenBy: 'AWS_DEFAULT_PROFILE' };
  return { profile: 'default', chosenBy: 'default' };
}

/** The endpoint a plan's profile sets for one service (config key: sts, sso, sso_oidc, ...), for clientConfig's profileEndpoint. */
export function planEndpoint(plan: Pick<Plan, 'endpoints'>, serviceKey: string): string | undefined {
  return plan.endpoints?.services?.[serviceKey] ?? plan.endpoints?.all;
}

/** sha1 of the sorted JSON of what makes an MFA session unique: where the long-term keys live, serial, duration. */
export function mfaSessionCacheKey(args: { source: string; mfaSerial: string; durationSeconds: number }): string {
  return sha1Hex(pythonJsonDumps({ source: args.source, mfaSerial: args.mfaSerial, durationSeconds: args.durationSeconds }));
}

class Resolver {
  private decisions: RuleDecision[] = [];
  private warnings: string[] = [];
  private chain: string[] = [];
  private region?: string;
  private regionOrigin?: string;

  constructor(
    private model: AwsProfileModel,
    private input: ResolveInput,
  ) {}

  private get env() {
    return this.input.env;
  }

  run(): Plan {
    const { profile, chosenBy } = chooseProfile(this.env, this.input.flags.profile);
    const entry = this.model.profile(profile);
    if (!entry && profile !== 'default') throw this.unknownProfile(profile, chosenBy);
    if (!entry) this.warnings.push(`There is no [default] profile in ${this.input.files.config} or ${this.input.files.credentials}; only the environment, container and instance-metadata rules can apply.`);
    this.chooseRegion(entry);
    this.chain.push(profile);
    this.checkDuplicate(profile);
    const explicitProfile = chosenBy === 'flag';
    let steps = this.evaluate(profile, this.topRules(profile, entry, explicitProfile));
    if (!steps) {
      throw new TempkeyError('NO_CREDENTIALS', `No credentials found for profile '${profile}': no rule of the AWS CLI's chain applies.`, {
        location: { profile },
        fix: `Run 'tempkey configure sso' or 'tempkey credentials configure', or add the profile to ${this.input.files.config}.`,
      });
    }
    steps = this.shapeMfaOnce(steps);
    const endpoints = this.profileEndpoints(entry);
    const files = this.input.files;
    return {
      profile,
      profileChosenBy: chosenBy,
      region: this.region,
      regionOrigin: this.regionOrigin,
      files: {
        config: files.config,
        credentials: files.credentials,
        configChosenBy: files.configChosenBy,
        credentialsChosenBy: files.credentialsChosenBy,
      },
      steps,
      decisions: this.decisions,
      warnings: this.warnings,
      chain: this.chain,
      ...(endpoints ? { endpoints } : {}),
    };
  }

  /** endpoint_url and the [services] section named by the requested profile. */
  private profileEndpoints(p: ProfileEntry | undefined): Plan['endpoints'] | undefined {
    if (!p) return undefined;
    const all = p.merged.endpoint_url?.value || undefined;
    const servicesName = p.merged.services?.value;
    let services: Record<string, string> | undefined;
    if (servicesName) {
      const section = this.model.servicesSection(servicesName);
      if (!section) {
        this.warnings.push(`Profile '${p.name}' names services = ${servicesName}${at(p.merged.services)}, but there is no [services ${servicesName}] section.`);
      } else {
        for (const [service, s] of Object.entries(section.settings)) {
          const url = s?.nested?.endpoint_url;
          if (url) (services ??= {})[service] = url;
        }
      }
    }
    return all || services ? { ...(all ? { all } : {}), ...(services ? { services } : {}) } : undefined;
  }

  private chooseRegion(entry: ProfileEntry | undefined): void {
    const { flags } = this.input;
    if (flags.region) [this.region, this.regionOrigin] = [flags.region, '--region'];
    else if (this.env.AWS_REGION) [this.region, this.regionOrigin] = [this.env.AWS_REGION, 'AWS_REGION'];
    else if (this.env.AWS_DEFAULT_REGION) [this.region, this.regionOrigin] = [this.env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'];
    else if (entry?.merged.region?.value) {
      this.region = entry.merged.region.value;
      this.regionOrigin = `${where(entry.merged.region.origin)} (profile ${entry.name})`;
    }
  }

  /** Runs checks in order: the first match applies; the rest are recorded as not reached. */
  private evaluate(profile: string, checks: RuleCheck[]): PlanStep[] | undefined {
    const winner = checks.find((c) => c.matches);
    for (const c of checks) {
      if (c === winner) this.decisions.push({ rule: c.rule, profile, applied: true, reason: c.reason, origin: c.origin });
      else if (winner && checks.indexOf(c) > checks.indexOf(winner))
        this.decisions.push({
          rule: c.rule,
          profile,
          applied: false,
          reason: c.matches ? `not reached: ${winner.rule} applied first (would have matched: ${c.reason})` : `not reached: ${winner.rule} applied first`,
          origin: c.origin,
        });
      else this.decisions.push({ rule: c.rule, profile, applied: false, reason: c.reason, origin: c.origin });
    }
    return winner?.build?.();
  }

  // ---- the chain for the requested profile --------------------------------------------

  private topRules(profile: string, p: ProfileEntry | undefined, explicitProfile: boolean): RuleCheck[] {
    return [
      {
        rule: 'cli-options',
        matches: false,
        reason: explicitProfile
          ? `--profile ${profile} selects the profile (and turns off the environment rule); tempkey takes no keys on the command line`
          : 'tempkey takes no keys on the command line',
      },
      this.environmentRule(explicitProfile),
      this.assumeRoleRule(profile, p),
      ...this.profileRules(profile, p, !explicitProfile),
      this.containerRule(),
      this.instanceMetadataRule(),
    ];
  }

  private environmentRule(explicitProfile: boolean): RuleCheck {
    const env = this.env;
    if (explicitProfile) {
      return {
        rule: 'environment',
        matches: false,
        reason: env.AWS_ACCESS_KEY_ID
          ? 'AWS_ACCESS_KEY_ID is set but ignored: --profile was given explicitly (AWS_PROFILE would not do that)'
          : 'skipped: --profile was given explicitly',
      };
    }
    if (!env.AWS_ACCESS_KEY_ID) return { rule: 'environment', matches: false, reason: 'AWS_ACCESS_KEY_ID is not set' };
    return {
      rule: 'environment',
      matches: true,
      reason: 'AWS_ACCESS_KEY_ID is set in the environment',
      build: () => [this.envKeysStep(undefined, 'environment')],
    };
  }

  private envKeysStep(profile: string | undefined, why: string): StaticKeysStep {
    const env = this.env;
    if (!env.AWS_SECRET_ACCESS_KEY) {
      throw new TempkeyError('PARTIAL_CREDENTIALS', `AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (${why}).`, {
        location: { profile },
        fix: 'Set AWS_SECRET_ACCESS_KEY too, or unset AWS_ACCESS_KEY_ID.',
      });
    }
    const token = env.AWS_SESSION_TOKEN ? 'AWS_SESSION_TOKEN' : env.AWS_SECURITY_TOKEN ? 'AWS_SECURITY_TOKEN' : undefined;
    const variables = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', ...(token ? [token] : [])];
    return {
      kind: 'static-keys',
      profile,
      source: { type: 'env', variables },
      hasSessionToken: Boolean(token),
      summary: `${token ? 'Temporary' : 'Long-term'} keys from the environment (${variables.join(', ')})`,
    };
  }

  private containerRule(): RuleCheck {
    const v = this.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
      ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'
      : this.env.AWS_CONTAINER_CREDENTIALS_FULL_URI
        ? 'AWS_CONTAINER_CREDENTIALS_FULL_URI'
        : undefined;
    if (!v) return { rule: 'container', matches: false, reason: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set' };
    return {
      rule: 'container',
      matches: true,
      reason: `${v} is set`,
      build: () => [{ kind: 'container', summary: `Container credentials endpoint (${v})` }],
    };
  }

  private instanceMetadataRule(): RuleCheck {
    if (this.imdsDisabled())
      return { rule: 'instance-metadata', matches: false, reason: 'AWS_EC2_METADATA_DISABLED=true' };
    return {
      rule: 'instance-metadata',
      matches: true,
      reason: 'last resort: the EC2 instance metadata service (set AWS_EC2_METADATA_DISABLED=true to turn it off)',
      build: () => [{ kind: 'instance-metadata', summary: 'EC2 instance metadata (IMDS) role credentials' }],
    };
  }

  private imdsDisabled(): boolean {
    return (this.env.AWS_EC2_METADATA_DISABLED ?? '').toLowerCase() === 'true';
  }

  // ---- assume role ----------------------------------------------------------------------

  private hasAssumeRoleVars(p: ProfileEntry | undefined): boolean {
    return Boolean(p?.merged.role_arn && !p.merged.web_identity_token_file);
  }

  /** botocore's _has_static_credentials, plus tempkey's vault keys (which stand in for them). */
  private hasStaticCredentials(p: ProfileEntry | undefined): boolean {
    return Boolean(p && (p.merged.aws_access_key_id || p.merged.aws_secret_access_key || p.merged.tempkey_vault));
  }

  private assumeRoleRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const role = p?.merged.role_arn;
    if (!role) return { rule: 'assume-role', matches: false, reason: 'no role_arn in the profile' };
    if (p.merged.web_identity_token_file)
      return {
        rule: 'assume-role',
        matches: false,
        reason: `role_arn is used with web_identity_token_file${at(p.merged.web_identity_token_file)}, so the web-identity rule takes it`,
        origin: role.origin,
      };
    return {
      rule: 'assume-role',
      matches: true,
      reason: `role_arn = ${role.value}${at(role)}`,
      origin: role.origin,
      build: () => this.assumeRoleSteps(profile, [profile]),
    };
  }

  private assumeRoleSteps(profile: string, visited: string[]): PlanStep[] {
    const p = this.model.profile(profile)!;
    const m = p.merged;
    const role = m.role_arn!;
    const source = m.source_profile;
    const credSource = m.credential_source;
    if (source && credSource) {
      throw new TempkeyError(
        'ROLE_SOURCE_CONFLICT',
        `Profile '${profile}' sets both source_profile${at(source)} and credential_source${at(credSource)}; the AWS CLI refuses that.`,
        { location: { ...source.origin, profile }, fix: `Delete one of the two lines from profile '${profile}'.` },
      );
    }
    if (!source && !credSource) {
      throw new TempkeyError(
        'ROLE_WITHOUT_SOURCE',
        `Profile '${profile}' sets role_arn${at(role)} but neither source_profile nor credential_source: nothing can call AssumeRole.`,
        {
          location: { ...role.origin, profile },
          fix: `Add 'source_profile = <profile with keys or SSO>' (or 'credential_source = Environment') to profile '${profile}'.`,
        },
      );
    }
    if (!ROLE_ARN.test(role.value)) {
      throw new TempkeyError('INVALID_ROLE_ARN', `Profile '${profile}' has an invalid role_arn '${role.value}'${at(role)}.`, {
        location: { ...role.origin, profile },
        fix: `Write it as arn:aws:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::123456789012:role/Admin.`,
      });
    }
    const sourceSteps = credSource
      ? this.credentialSourceSteps(profile, credSource)
      : this.sourceProfileSteps(profile, source!, visited);
    return [...sourceSteps, this.assumeRoleStep(p)];
  }

  private assumeRoleStep(p: ProfileEntry): AssumeRoleStep {
    const m = p.merged;
    const durationSeconds = this.intSetting(p, 'duration_seconds');
    const step: AssumeRoleStep = {
      kind: 'assume-role',
      profile: p.name,
      roleArn: m.role_arn!.value,
      roleSessionName: m.role_session_name?.value,
      externalId: m.external_id?.value,
      mfaSerial: m.mfa_serial?.value,
      durationSeconds,
      region: this.region,
      summary: `AssumeRole ${m.role_arn!.value}${m.mfa_serial ? ` mfa=${m.mfa_serial.value}` : ''}`,
    };
    // Keyed exactly as the AWS CLI keys this profile, so either tool reuses the other's cache.
    const key = assumeRoleCacheKey({
      RoleArn: step.roleArn,
      RoleSessionName: step.roleSessionName,
      ExternalId: step.externalId,
      SerialNumber: m.mfa_serial?.value,
      DurationSeconds: durationSeconds,
    });
    step.cache = this.cliCache(key, durationSeconds ?? DEFAULT_ROLE_SECONDS);
    return dropUndefined(step);
  }

  /** botocore passes int(duration_seconds) and silently drops a value int() rejects; we also say so. */
  private intSetting(p: ProfileEntry, key: string): number | undefined {
    const s = p.merged[key];
    if (!s) return undefined;
    if (/^\s*[+-]?\d+\s*$/.test(s.value)) return parseInt(s.value, 10);
    this.warnings.push(`${key} = '${s.value}' in profile '${p.name}' (${where(s.origin)}) is not a whole number of seconds; ignored.`);
    return undefined;
  }

  private credentialSourceSteps(profile: string, cs: Setting): PlanStep[] {
    const value = cs.value as (typeof CREDENTIAL_SOURCES)[number];
    const loc = { ...cs.origin, profile };
    const record = (rule: PrecedenceRule, reason: string) =>
      this.decisions.push({ rule, profile, applied: true, reason, origin: cs.origin });
    if (value === 'Environment') {
      if (!this.env.AWS_ACCESS_KEY_ID)
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = Environment${at(cs)} but AWS_ACCESS_KEY_ID is not set.`, {
          location: loc,
          fix: 'Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before running tempkey.',
        });
      record('environment', `credential_source = Environment${at(cs)}: the role's source keys come from the environment`);
      return [this.envKeysStep(profile, `credential_source of profile '${profile}'`)];
    }
    if (value === 'EcsContainer') {
      const rule = this.containerRule();
      if (!rule.matches)
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = EcsContainer${at(cs)} but ${rule.reason}.`, {
          location: loc,
          fix: 'Run inside a container that provides AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or use source_profile.',
        });
      record('container', `credential_source = EcsContainer${at(cs)}`);
      return [{ ...(rule.build!()[0] as PlanStep), profile }];
    }
    if (value === 'Ec2InstanceMetadata') {
      if (this.imdsDisabled())
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = Ec2InstanceMetadata${at(cs)} but AWS_EC2_METADATA_DISABLED=true.`, {
          location: loc,
          fix: 'Unset AWS_EC2_METADATA_DISABLED, or use source_profile.',
        });
      record('instance-metadata', `credential_source = Ec2InstanceMetadata${at(cs)}`);
      return [{ kind: 'instance-metadata', profile, summary: 'EC2 instance metadata (IMDS) role credentials' }];
    }
    throw new TempkeyError('INVALID_CREDENTIAL_SOURCE', `Profile '${profile}' has credential_source = '${cs.value}'${at(cs)}, which is not valid.`, {
      location: loc,
      fix: `Use one of ${CREDENTIAL_SOURCES.join(', ')} (case matters).`,
    });
  }

  /** botocore's _validate_source_profile + _resolve_credentials_from_profile. */
  private sourceProfileSteps(parent: string, source: Setting, visited: string[]): PlanStep[] {
    const name = source.value;
    const sp = this.model.profile(name);
    if (!sp) {
      const near = suggestProfiles(name, this.model.profiles.keys());
      throw new TempkeyError(
        'SOURCE_PROFILE_MISSING',
        `Profile '${parent}' has source_profile = ${name}${at(source)}, but no profile '${name}' exists.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}`,
        { location: { ...source.origin, profile: parent }, fix: `Add [profile ${name}] to ${this.input.files.config}, or fix the source_profile line.` },
      );
    }
    if (visited.includes(name) && (name !== parent || !this.hasStaticCredentials(sp))) {
      const cycle = [...visited.slice(visited.indexOf(name)), name].join(' → ');
      throw new TempkeyError('SOURCE_PROFILE_CYCLE', `source_profile loop: ${cycle} (${where(source.origin)}).`, {
        location: { ...source.origin, profile: parent },
        fix: `Point source_profile of '${parent}' at a profile with keys or SSO, not back into the loop.`,
      });
    }
    visited.push(name);
    if (!this.chain.includes(name)) this.chain.push(name);
    this.checkDuplicate(name);
    if (this.hasStaticCredentials(sp) || !this.hasAssumeRoleVars(sp)) {
      const roleNote: RuleCheck = {
        rule: 'assume-role',
        matches: false,
        reason: sp.merged.role_arn
          ? `role_arn${at(sp.merged.role_arn)} ignored: a source profile with static keys uses the keys`
          : 'no role_arn in the source profile',
      };
      const envNote: RuleCheck = {
        rule: 'environment',
        matches: false,
        reason: 'not used for a source profile (the AWS CLI turns the environment rule off for source_profile hops)',
      };
      const steps = this.evaluate(name, [envNote, roleNote, ...this.profileRules(name, sp, false)]);
      if (!steps) {
        throw new TempkeyError('SOURCE_PROFILE_NO_CREDENTIALS', `The source profile '${name}' (of '${parent}') has no credentials: no keys, SSO, web identity or credential_process.`, {
          location: { ...(profileOrigin(sp) ?? {}), profile: name },
          fix: `Give profile '${name}' keys ('tempkey credentials configure --profile ${name}') or SSO settings.`,
        });
      }
      return steps;
    }
    this.decisions.push({
      rule: 'assume-role',
      profile: name,
      applied: true,
      reason: `role chaining: role_arn = ${sp.merged.role_arn!.value}${at(sp.merged.role_arn)}`,
      origin: sp.merged.role_arn!.origin,
    });
    return this.assumeRoleSteps(name, visited);
  }

  // ---- the rules that read one profile (botocore's ProfileProviderBuilder) ---------------

  private profileRules(profile: string, p: ProfileEntry | undefined, envAllowed: boolean): RuleCheck[] {
    return [
      this.webIdentityRule(profile, p, envAllowed),
      this.ssoRule(profile, p),
      this.credentialsFileRule(profile, p),
      this.loginRule(profile, p),
      this.credentialProcessRule(profile, p),
      this.configFileRule(profile, p),
    ];
  }

  private webIdentityRule(profile: string, p: ProfileEntry | undefined, envAllowed: boolean): RuleCheck {
    const env = this.env;
    const fromEnv = envAllowed && env.AWS_WEB_IDENTITY_TOKEN_FILE;
    const fileSetting = p?.merged.web_identity_token_file;
    if (!fromEnv && !fileSetting) return { rule: 'web-identity', matches: false, reason: 'no web_identity_token_file (nor AWS_WEB_IDENTITY_TOKEN_FILE)' };
    const reason = fromEnv ? 'AWS_WEB_IDENTITY_TOKEN_FILE is set' : `web_identity_token_file${at(fileSetting)}`;
    return {
      rule: 'web-identity',
      matches: true,
      reason,
      origin: fromEnv ? undefined : fileSetting!.origin,
      build: () => {
        const pick = (envName: string, key: string) =>
          envAllowed && env[envName] !== undefined ? env[envName] : p?.merged[key]?.value;
        const roleArn = pick('AWS_ROLE_ARN', 'role_arn');
        if (!roleArn) {
          throw new TempkeyError('WEB_IDENTITY_NO_ROLE', `Profile '${profile}' is set up for web identity (${reason}) but has no role ARN.`, {
            location: { ...(fileSetting?.origin ?? {}), profile },
            fix: `Add 'role_arn = arn:aws:iam::<account>:role/<name>' to profile '${profile}' (or export AWS_ROLE_ARN).`,
          });
        }
        const roleSessionName = pick('AWS_ROLE_SESSION_NAME', 'role_session_name');
        const tokenFile = (fromEnv || fileSetting!.value) as string;
        return [
          dropUndefined({
            kind: 'web-identity' as const,
            profile,
            roleArn,
            webIdentityTokenFile: tokenFile,
            roleSessionName,
            region: this.region,
            summary: `AssumeRoleWithWebIdentity ${roleArn} (token ${tokenFile})`,
            cache: this.cliCache(webIdentityCacheKey({ RoleArn: roleArn, RoleSessionName: roleSessionName }), DEFAULT_ROLE_SECONDS),
          }),
        ];
      },
    };
  }

  private ssoRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const m = p?.merged;
    const trigger = m?.sso_account_id ?? m?.sso_role_name;
    if (!p || !trigger) return { rule: 'sso', matches: false, reason: 'no sso_account_id / sso_role_name in the profile' };
    return {
      rule: 'sso',
      matches: true,
      reason: `sso_account_id / sso_role_name set${at(trigger)}`,
      origin: trigger.origin,
      build: () => [this.ssoStep(p)],
    };
  }

  private ssoStep(p: ProfileEntry): SsoRoleStep {
    const profile = p.name;
    const m = p.merged;
    const values: Record<string, Setting | undefined> = { ...m };
    const required = ['sso_role_name', 'sso_account_id', 'sso_start_url', 'sso_region'];
    const sessionRef = m.sso_session;
    if (sessionRef) {
      const session = this.model.ssoSession(sessionRef.value);
      if (!session) {
        throw new TempkeyError('SSO_SESSION_MISSING', `Profile '${profile}' has sso_session = ${sessionRef.value}${at(sessionRef)}, but there is no [sso-session ${sessionRef.value}] section.`, {
          location: { ...sessionRef.origin, profile },
          fix: `Add [sso-session ${sessionRef.value}] with sso_start_url and sso_region to ${this.input.files.config} ('tempkey configure sso' writes it).`,
        });
      }
      for (const [key, s] of Object.entries(session.settings)) {
        const mine = m[key];
        if (mine && s && mine.value !== s.value) {
          throw new TempkeyError('SSO_SESSION_CONFLICT', `${key} differs between profile '${profile}' (${mine.value}${at(mine)}) and [sso-session ${session.name}] (${s.value}${at(s)}).`, {
            location: { ...mine.origin, profile },
            fix: `Delete ${key} from profile '${profile}'; the sso-session's value is used.`,
          });
        }
        values[key] = s;
      }
    }
    const missing = required.filter((k) => !values[k]);
    if (missing.length) {
      throw new TempkeyError('SSO_MISSING_FIELDS', `Profile '${profile}' is set up for IAM Identity Center but is missing ${missing.join(', ')} (${where(profileOrigin(p) ?? { file: this.input.files.config })}).`, {
        location: { ...(profileOrigin(p) ?? {}), profile },
        fix: sessionRef
          ? `Add ${missing.join(', ')} to profile '${profile}' or its [sso-session ${sessionRef.value}].`
          : `Add ${missing.join(', ')} to profile '${profile}' (or run 'tempkey configure sso').`,
      });
    }
    if (p.fromCredentials.aws_access_key_id || p.fromConfig.aws_access_key_id || m.tempkey_vault) {
      const keys = p.fromCredentials.aws_access_key_id ?? p.fromConfig.aws_access_key_id ?? m.tempkey_vault!;
      this.warnings.push(`Profile '${profile}' mixes IAM Identity Center settings with static keys (${where(keys.origin)}); SSO wins, like the AWS CLI, and the keys are ignored.`);
    }
    const startUrl = values.sso_start_url!.value;
    const scopes = values.sso_registration_scopes?.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const sessionName = sessionRef?.value;
    const tokenKey = ssoTokenCacheKey(sessionName ?? startUrl);
    const accountId = values.sso_account_id!.value;
    const roleName = values.sso_role_name!.value;
    return dropUndefined({
      kind: 'sso-role',
      profile,
      ssoSession: sessionName,
      startUrl,
      ssoRegion: values.sso_region!.value,
      accountId,
      roleName,
      registrationScopes: scopes,
      tokenCachePath: join(ssoCacheDir(this.env), `${tokenKey}.json`),
      summary: `IAM Identity Center role ${roleName} in ${accountId}${sessionName ? ` (sso-session ${sessionName})` : ` (${startUrl})`}`,
      cache: this.cliCache(ssoRoleCacheKey({ accountId, roleName, sessionName, startUrl })),
    });
  }

  private credentialsFileRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const vault = p?.merged.tempkey_vault;
    if (p && vault) {
      return {
        rule: 'credentials-file',
        matches: true,
        reason: `tempkey_vault = ${vault.value}${at(vault)}: long-term keys in tempkey's vault, taken at the credentials-file position`,
        origin: vault.origin,
        build: () => {
          if (p.fromCredentials.aws_access_key_id)
            this.warnings.push(`Profile '${profile}' has both tempkey_vault${at(vault)} and keys in the credentials file${at(p.fromCredentials.aws_access_key_id)}; tempkey uses the vault, the AWS CLI the file.`);
          const backend = p.merged.tempkey_vault_backend?.value;
          const source: KeySource = backend ? { type: 'vault', key: vault.value, backend } : { type: 'vault', key: vault.value };
          return [
            {
              kind: 'static-keys',
              profile,
              source,
              hasSessionToken: false,
              summary: `Long-term keys from tempkey's vault item '${vault.value}'${backend ? ` (${backend})` : ''}`,
            },
          ];
        },
      };
    }
    const key = p?.fromCredentials.aws_access_key_id;
    if (!p || !key) return { rule: 'credentials-file', matches: false, reason: `no aws_access_key_id for [${profile}] in the credentials file` };
    return {
      rule: 'credentials-file',
      matches: true,
      reason: `aws_access_key_id${at(key)}`,
      origin: key.origin,
      build: () => [this.fileKeysStep(p, 'credentials-file')],
    };
  }

  private fileKeysStep(p: ProfileEntry, which: 'credentials-file' | 'config-file'): StaticKeysStep {
    const s = which === 'credentials-file' ? p.fromCredentials : p.fromConfig;
    const key = s.aws_access_key_id!;
    if (!s.aws_secret_access_key) {
      throw new TempkeyError('PARTIAL_CREDENTIALS', `Profile '${p.name}' has aws_access_key_id${at(key)} but no aws_secret_access_key in the same file.`, {
        location: { ...key.origin, profile: p.name },
        fix: `Add aws_secret_access_key to that section, or run 'tempkey credentials configure --profile ${p.name}'.`,
      });
    }
    const hasSessionToken = Boolean(s.aws_session_token ?? s.aws_security_token);
    const section = which === 'credentials-file' ? p.credentialsSection! : p.configSection!;
    return {
      kind: 'static-keys',
      profile: p.name,
      source: { type: which, profile: p.name, origin: section },
      hasSessionToken,
      summary: `${hasSessionToken ? 'Temporary' : 'Long-term'} keys of profile '${p.name}' in ${where(key.origin)}`,
    };
  }

  private loginRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const session = p?.merged.login_session;
    if (!session) return { rule: 'login', matches: false, reason: 'no login_session in the profile' };
    return {
      rule: 'login',
      matches: true,
      reason: `login_session${at(session)}: console credentials ('aws login' / 'tempkey login --console')`,
      origin: session.origin,
      build: () => [
        dropUndefined({
          kind: 'console-login',
          profile,
          session: session.value,
          tokenCacheDir: loginCacheDir(this.env),
          region: p!.merged.region?.value,
          summary: `Console credentials of login session '${session.value}' (15-minute keys, refreshed)`,
        }),
      ],
    };
  }

  private credentialProcessRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const cmd = p?.merged.credential_process;
    if (!cmd) return { rule: 'credential-process', matches: false, reason: 'no credential_process in the profile' };
    const vault = p!.merged.tempkey_vault;
    return {
      rule: 'credential-process',
      matches: true,
      reason: vault
        ? `credential_process${at(cmd)} is for other tools: tempkey reads the vault item itself`
        : `credential_process${at(cmd)}`,
      origin: cmd.origin,
      build: () => [{ kind: 'credential-process', profile, command: cmd.value, summary: `credential_process: ${cmd.value}` }],
    };
  }

  private configFileRule(profile: string, p: ProfileEntry | undefined): RuleCheck {
    const key = p?.fromConfig.aws_access_key_id;
    if (!p || !key) return { rule: 'config-file', matches: false, reason: 'no aws_access_key_id in the config file profile' };
    return {
      rule: 'config-file',
      matches: true,
      reason: `aws_access_key_id${at(key)}`,
      origin: key.origin,
      build: () => [this.fileKeysStep(p, 'config-file')],
    };
  }

  // ---- MFA once (issue 4) --------------------------------------------------------------

  /**
   * When the chain starts from an IAM user's long-term keys and some profile
   * of it has mfa_serial, one GetSessionToken with MFA goes right after the
   * keys; assume-role steps for the same serial then send no code (the
   * session carries the MFA), so a person types one code for hours.
   */
  private shapeMfaOnce(steps: PlanStep[]): PlanStep[] {
    const base = steps[0];
    if (!base || base.kind !== 'static-keys' || base.hasSessionToken) return steps;
    const withMfa = this.chain
      .map((name) => this.model.profile(name))
      .filter((p): p is ProfileEntry => Boolean(p?.merged.mfa_serial));
    // The keys' own profile first (its serial is the user's), then the requested profile outward.
    const owner = withMfa.find((p) => p.name === base.profile) ?? withMfa[0];
    if (!owner) return steps;
    const mfaSerial = owner.merged.mfa_serial!.value;
    const durationSeconds = this.intSetting(owner, 'tempkey_mfa_session_duration') ?? DEFAULT_MFA_SESSION_SECONDS;
    const source = sourceIdentity(base.source);
    const key = mfaSessionCacheKey({ source, mfaSerial, durationSeconds });
    const session: SessionTokenStep = dropUndefined({
      kind: 'session-token',
      profile: owner.name,
      mfaSerial,
      durationSeconds,
      region: this.region,
      summary: `GetSessionToken mfa=${mfaSerial} (one MFA code for ${formatDuration(durationSeconds)})`,
      cache: {
        store: 'tempkey-cache',
        key,
        path: join(tempkeyCacheDir(this.env), `${key}.json`),
        lifetimeSeconds: durationSeconds,
      },
    });
    const rest = steps.slice(1).map((s) => {
      if (s.kind !== 'assume-role' || s.mfaSerial !== mfaSerial) return s;
      const { mfaSerial: _carried, ...withoutMfa } = s;
      return { ...withoutMfa, summary: `AssumeRole ${s.roleArn} (MFA carried by the session)` } as AssumeRoleStep;
    });
    return [base, session, ...rest];
  }

  // ---- helpers --------------------------------------------------------------------------

  private cliCache(key: string, lifetimeSeconds?: number) {
    const spec = { store: 'cli-cache' as const, key, path: join(cliCacheDir(this.env), `${key}.json`), lifetimeSeconds };
    return dropUndefined(spec);
  }

  private checkDuplicate(profile: string): void {
    const d = this.model.duplicatesOf('profile', profile);
    if (!d) return;
    throw new TempkeyError('DUPLICATE_PROFILE', `Profile '${profile}' is defined more than once: ${d.origins.map(where).join(' and ')}.`, {
      location: { ...d.origins[0]!, profile },
      fix: `Merge the sections into one and delete the other (the AWS CLI refuses duplicated sections).`,
    });
  }

  private unknownProfile(profile: string, chosenBy: Plan['profileChosenBy']): TempkeyError {
    const near = suggestProfiles(profile, this.model.profiles.keys());
    const bare = this.model.otherConfigSections.find((s) => s.name === profile);
    const files = this.input.files;
    const hint = bare
      ? ` ${where(bare.origin)} has [${profile}], but the config file needs [profile ${profile}].`
      : near.length
        ? ` Did you mean: ${near.join(', ')}?`
        : '';
    const via = chosenBy === 'flag' ? '--profile' : chosenBy;
    return new TempkeyError('UNKNOWN_PROFILE', `Profile '${profile}' (from ${via}) is not in ${files.config} or ${files.credentials}.${hint}`, {
      location: { profile, flag: chosenBy === 'flag' ? '--profile' : undefined },
      fix: bare
        ? `Rename the section at ${where(bare.origin)} to [profile ${profile}].`
        : near.length
          ? `Use --profile ${near[0]}, or run 'tempkey profiles list' to see all profiles.`
          : `Run 'tempkey profiles list' to see all profiles, or 'tempkey configure sso' to add one.`,
    });
  }
}

function sourceIdentity(source: KeySource): string {
  switch (source.type) {
    case 'vault':
      return `vault:${source.key}`;
    case 'credentials-file':
    case 'config-file':
      return `${source.type}:${source.profile}`;
    case 'env':
      return 'env';
    default:
      return source.type;
  }
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** Plans are compared and printed as JSON: keep absent fields absent, not `undefined`. */
function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
