import { TempkeyError, where } from '../lib/errors.js';
import type { AwsFileLocations } from '../files/paths.js';
import { buildProfileModel, profileOrigin, type AwsProfileModel, type IniDocumentView, type ProfileEntry, type Setting } from '../files/profile-model.js';
import { assumeRoleStep } from '../sources/assume-role.js';
import type { PlanStep } from '../sources/registry.js';
import { DEFAULT_MFA_SESSION_SECONDS, sessionTokenStep } from '../sources/session-token.js';
import { containerStep } from '../sources/container.js';
import { instanceMetadataStep } from '../sources/instance-metadata.js';
import type { StsTarget } from '../sources/sts-options.js';
import type { Plan, RuleDecision } from './plan.js';
import { RULES, type PrecedenceRule, type Rule, type RuleCheck, type RuleContext } from './rules/index.js';
import { at } from './rules/rule.js';
import { envKeysStep } from './rules/environment.js';
import { containerVariable } from './rules/container.js';
import { imdsDisabled } from './rules/instance-metadata.js';
import { suggestProfiles } from './suggest.js';

/**
 * Files + environment + flags → Plan, with the AWS CLI v2's precedence and
 * botocore's tie-breaks (credentials.py): the rules of resolve/rules are
 * checked in their order, the first that matches wins, every rule checked is
 * recorded with its reason, and only the winner is validated (a broken later
 * rule never hides a working earlier one, exactly as in botocore). Pure: no
 * network, no file reads (the model comes from files/aws-files).
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

/** The MFA session's default length lives with its source; re-exported for callers of the resolver. */
export { DEFAULT_MFA_SESSION_SECONDS };
export { formatDuration, mfaSessionCacheKey } from '../sources/session-token.js';

const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

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

class Resolver {
  private decisions: RuleDecision[] = [];
  private warnings: string[] = [];
  private chain: string[] = [];
  private region?: string;
  private regionOrigin?: string;
  private endpoints?: Plan['endpoints'];

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
    this.endpoints = this.profileEndpoints(entry);
    this.chain.push(profile);
    this.checkDuplicate(profile);
    let steps = this.evaluate(profile, RULES, this.context(profile, entry, { hop: false, explicitProfile: chosenBy === 'flag' }));
    if (!steps) {
      throw new TempkeyError('NO_CREDENTIALS', `No credentials found for profile '${profile}': no rule of the AWS CLI's chain applies.`, {
        location: { profile },
        fix: `Run 'tempkey configure sso' or 'tempkey credentials configure', or add the profile to ${this.input.files.config}.`,
      });
    }
    steps = this.shapeMfaOnce(steps);
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
      ...(this.endpoints ? { endpoints: this.endpoints } : {}),
    };
  }

  /** What the rules see for one profile: the model, the environment, and the resolver's helpers. */
  private context(profile: string, entry: ProfileEntry | undefined, how: { hop: boolean; explicitProfile: boolean }): RuleContext {
    return {
      env: this.env,
      model: this.model,
      files: this.input.files,
      profile,
      entry,
      ...how,
      sts: this.stsTarget(),
      ssoEndpoint: this.endpoints && planEndpoint({ endpoints: this.endpoints }, 'sso'),
      warn: (m) => this.warnings.push(m),
      intSetting: (p, key) => this.intSetting(p, key),
      roleSteps: (name) => this.assumeRoleSteps(name, [name]),
    };
  }

  /** Every STS step carries the region and the requested profile's STS endpoint (like botocore's session client). */
  private stsTarget(): StsTarget {
    const endpoint = this.endpoints && planEndpoint({ endpoints: this.endpoints }, 'sts');
    return { ...(this.region ? { region: this.region } : {}), ...(endpoint ? { endpoint } : {}) };
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

  /** Checks the rules in order: the first match applies; the rest are recorded as not reached. */
  private evaluate(profile: string, rules: readonly Rule[], ctx: RuleContext): PlanStep[] | undefined {
    const checks: RuleCheck[] = rules.map((r) => r.check(ctx));
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

  // ---- assume role: the source of a role profile, then its AssumeRole ---------------------

  private hasAssumeRoleVars(p: ProfileEntry | undefined): boolean {
    return Boolean(p?.merged.role_arn && !p.merged.web_identity_token_file);
  }

  /** botocore's _has_static_credentials, plus tempkey's vault keys (which stand in for them). */
  private hasStaticCredentials(p: ProfileEntry | undefined): boolean {
    return Boolean(p && (p.merged.aws_access_key_id || p.merged.aws_secret_access_key || p.merged.tempkey_vault));
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
    const sourceSteps = credSource ? this.credentialSourceSteps(profile, credSource) : this.sourceProfileSteps(profile, source!, visited);
    return [
      ...sourceSteps,
      assumeRoleStep(this.env, {
        profile: p.name,
        roleArn: role.value,
        roleSessionName: m.role_session_name?.value,
        externalId: m.external_id?.value,
        mfaSerial: m.mfa_serial?.value,
        mfaProcess: p.fromConfig.mfa_process?.value,
        durationSeconds: this.roleDuration(p, sourceSteps.at(-1)?.kind === 'assume-role'),
        ...this.stsTarget(),
      }),
    ];
  }

  /**
   * duration_seconds, as botocore reads it, and refused here when STS would
   * refuse it (AssumeRole takes 900 to 43,200 seconds, and at most 3,600 when
   * the caller is itself a role: role chaining): said with the file and line
   * before any call, instead of a ValidationError from STS.
   */
  private roleDuration(p: ProfileEntry, chained: boolean): number | undefined {
    const seconds = this.intSetting(p, 'duration_seconds');
    const max = chained ? 3600 : 43_200;
    if (seconds === undefined || (seconds >= 900 && seconds <= max)) return seconds;
    const s = p.merged.duration_seconds!;
    const why = chained && seconds > max && seconds <= 43_200 ? `its source is a role, and a role assumed by a role (role chaining) lasts at most 3600 seconds` : `that is outside what AssumeRole accepts (900 to 43200 seconds)`;
    throw new TempkeyError('INVALID_DURATION', `duration_seconds = ${s.value.trim()} in profile '${p.name}'${at(s)}: ${why}.`, {
      location: { ...s.origin, profile: p.name },
      fix: `Set duration_seconds to 900-${max} in ${where(s.origin)}, or remove it for one hour.`,
    });
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
    const record = (rule: PrecedenceRule, reason: string) => this.decisions.push({ rule, profile, applied: true, reason, origin: cs.origin });
    if (value === 'Environment') {
      if (!this.env.AWS_ACCESS_KEY_ID)
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = Environment${at(cs)} but AWS_ACCESS_KEY_ID is not set.`, {
          location: loc,
          fix: 'Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before running tempkey.',
        });
      record('environment', `credential_source = Environment${at(cs)}: the role's source keys come from the environment`);
      return [envKeysStep(this.env, profile, `credential_source of profile '${profile}'`)];
    }
    if (value === 'EcsContainer') {
      const variable = containerVariable(this.env);
      if (!variable)
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = EcsContainer${at(cs)} but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set.`, {
          location: loc,
          fix: 'Run inside a container that provides AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, or use source_profile.',
        });
      record('container', `credential_source = EcsContainer${at(cs)}`);
      return [containerStep(variable, profile)];
    }
    if (value === 'Ec2InstanceMetadata') {
      if (imdsDisabled(this.env))
        throw new TempkeyError('CREDENTIAL_SOURCE_EMPTY', `Profile '${profile}' uses credential_source = Ec2InstanceMetadata${at(cs)} but AWS_EC2_METADATA_DISABLED=true.`, {
          location: loc,
          fix: 'Unset AWS_EC2_METADATA_DISABLED, or use source_profile.',
        });
      record('instance-metadata', `credential_source = Ec2InstanceMetadata${at(cs)}`);
      return [instanceMetadataStep(profile)];
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
      const steps = this.evaluate(name, RULES.filter((r) => r.onHops), this.context(name, sp, { hop: true, explicitProfile: false }));
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

  // ---- MFA once --------------------------------------------------------------------------

  /**
   * When the chain starts from an IAM user's long-term keys and some profile
   * of it has mfa_serial, one GetSessionToken with MFA goes right after the
   * keys; assume-role steps for the same serial then send no code (the
   * session carries the MFA), so a person types one code for hours.
   */
  private shapeMfaOnce(steps: PlanStep[]): PlanStep[] {
    const base = steps[0];
    if (!base || base.kind !== 'static-keys' || base.hasSessionToken) return steps;
    const withMfa = this.chain.map((name) => this.model.profile(name)).filter((p): p is ProfileEntry => Boolean(p?.merged.mfa_serial));
    // The keys' own profile first (its serial is the user's), then the requested profile outward.
    const owner = withMfa.find((p) => p.name === base.profile) ?? withMfa[0];
    if (!owner) return steps;
    const mfaSerial = owner.merged.mfa_serial!.value;
    const session = sessionTokenStep({
      env: this.env,
      profile: owner.name,
      keys: base.source,
      mfaSerial,
      mfaProcess: owner.fromConfig.mfa_process?.value,
      durationSeconds: this.intSetting(owner, 'tempkey_mfa_session_duration') ?? DEFAULT_MFA_SESSION_SECONDS,
      target: this.stsTarget(),
    });
    const rest = steps.slice(1).map((s): PlanStep => {
      if (s.kind !== 'assume-role' || s.mfaSerial !== mfaSerial) return s;
      const { mfaSerial: _carried, mfaProcess: _process, ...withoutMfa } = s;
      return { ...withoutMfa, summary: `AssumeRole ${s.roleArn} (MFA carried by the session)` };
    });
    return [base, session, ...rest];
  }

  // ---- helpers --------------------------------------------------------------------------

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
