import { namesASecret } from '../../lib/secret-name.js';

/**
 * The environment as profile resolution sees it, for the keys of caches of
 * resolved answers (the hot-path index, the large-config listing cache): every
 * AWS_* and TEMPKEY_* variable, and the ones that choose the home folder and
 * the platform; secrets by presence only (below).
 */
/** Set by the AWS SDK in our own process when it loads; never an input of resolution. */
const NOT_INPUTS = new Set(['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']);
const HOME_AND_PLATFORM = new Set(['HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'WSL_DISTRO_NAME']);

/**
 * A variable named like a secret (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
 * TEMPKEY_FILE_PASSPHRASE, AWS_BEARER_TOKEN_BEDROCK...) counts by presence: the
 * caches keep their whole key in the entry. So does AWS_ACCESS_KEY_ID, whose
 * value changes no plan. A name for where a secret is (…_TOKEN_FILE, …_URI) is
 * a path, and its value counts.
 */
const PLACE_ENDINGS = ['_FILE', '_PATH', '_URI', '_URL'];
const byPresence = (k: string) => k === 'AWS_ACCESS_KEY_ID' || (namesASecret(k) && !PLACE_ENDINGS.some((e) => k.endsWith(e)));

/** Sorted `NAME=value` (or `NAME set` for secrets) of every variable resolution reads. */
export function resolutionVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => (k.startsWith('AWS_') || k.startsWith('TEMPKEY_') || HOME_AND_PLATFORM.has(k)) && !NOT_INPUTS.has(k))
    .sort()
    .map((k) => (byPresence(k) ? `${k} set` : `${k}=${env[k]}`));
}
