const SECRET_WORDS = ['SECRET', 'TOKEN', 'PASSWORD', 'PASSPHRASE'];

/**
 * Whether a variable's name says its value is a secret (…SECRET…, …TOKEN…,
 * …PASSWORD…, …PASSPHRASE…, …_KEY). String tests, not a regex: the cached
 * path asks this of every AWS_* and TEMPKEY_* variable on each call, and a
 * regex's first use costs more than the rest.
 */
export function namesASecret(name: string): boolean {
  return name.endsWith('_KEY') || SECRET_WORDS.some((w) => name.includes(w));
}
