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

/** Sorted `NAME=value` (or `NAME set` for secrets) of every variable resolution reads. */
export function resolutionVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env)
    .filter((k) => (k.startsWith('AWS_') || k.startsWith('TEMPKEY_') || HOME_AND_PLATFORM.has(k)) && !NOT_INPUTS.has(k))
    .sort()
    .map((k) => (SECRET_VARIABLES.has(k) ? `${k} set` : `${k}=${env[k]}`));
}
