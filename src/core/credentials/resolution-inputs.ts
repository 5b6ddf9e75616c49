/**
 * The environment as profile resolution sees it, for the keys of caches of
 * resolved answers (the hot-path index, the large-config listing cache): every
 * AWS_* and TEMPKEY_* variable, and the ones that choose the home folder and
 * the platform. A secret counts by presence only (its value is never written
 * into a key); so does AWS_ACCESS_KEY_ID, whose value changes no plan.
 */
const SECRET_VARIABLES = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN', 'TEMPKEY_FILE_PASSPHRASE']);
/** Set by the AWS SDK in our own process when it loads; never an input of resolution. */
const NOT_INPUTS = new Set(['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED']);
const HOME_AND_PLATFORM = new Set(['HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', 'WSL_DISTRO_NAME']);

/**
 * Any other variable named like a secret (AWS_BEARER_TOKEN_BEDROCK, a TEMPKEY_*_PASSWORD)
 * counts by presence too: the caches keep their whole key in the entry. A name for where a
 * secret is (…_TOKEN_FILE, …_URI) is a path, and its value counts.
 */
const SECRET_WORDS = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSPHRASE'];
const PLACE_ENDINGS = ['_FILE', '_PATH', '_URI', '_URL'];
// String tests, not a regex: this runs on every cached call, and a regex's first use costs more than the rest.
const looksSecret = (k: string) =>
  SECRET_VARIABLES.has(k) || ((SECRET_WORDS.some((w) => k.includes(w)) || k.endsWith('_KEY')) && !PLACE_ENDINGS.some((e) => k.endsWith(e)));

/** Sorted `NAME=value` (or `NAME set` for secrets) of every variable resolution reads. */
export function resolutionVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => (k.startsWith('AWS_') || k.startsWith('TEMPKEY_') || HOME_AND_PLATFORM.has(k)) && !NOT_INPUTS.has(k))
    .sort()
    .map((k) => (looksSecret(k) ? `${k} set` : `${k}=${env[k]}`));
}
