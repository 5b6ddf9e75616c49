import { rule } from './rule.js';

/** Command-line options: tempkey takes no keys on the command line (they would show in the process list). */
export const cliOptionsRule = rule('cli-options', { onHops: false }, (c) => ({
  rule: 'cli-options',
  matches: false,
  reason: c.explicitProfile
    ? `--profile ${c.profile} selects the profile (and turns off the environment rule); tempkey takes no keys on the command line`
    : 'tempkey takes no keys on the command line',
}));
