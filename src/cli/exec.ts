import { defineCommand } from './command.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags, verboseLogger } from './credential-flags.js';
import { currentPlatform, interactiveShell } from '../lib/platform.js';

const HELP = `Usage: tempkey exec [PROFILE] [options] [-- command args...]

Runs a command with short-lived credentials of PROFILE in its environment:
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION and AWS_DEFAULT_REGION; AWS_PROFILE and other credential variables are removed.
Signals are passed to the command and its exit status is returned. Without a command,
starts your shell: TEMPKEY_SHELL, else $SHELL (Unix) or COMSPEC (Windows).

Inside a terraform layer of a Leverage-style project, with no profile given, it
obtains credentials for every profile the layer uses (backend, providers, remote
state) with at most one MFA code or SSO login, and runs the command with a private
AWS config in which each of those profiles reads its own credentials from tempkey.
With --layers a,b,c (globs allowed, e.g. 'us-east-1/*'), as Leverage's --layers, it
warms the profiles of all those layers first (still one code or one login), then runs
the command in each layer in turn; the first failure stops the rest.

Options:
      --layers LIST    terraform layers to run in, relative to here (comma-separated, globs)
${CREDENTIAL_FLAGS_HELP}
`;

export default defineCommand({
  name: 'exec',
  summary: 'run a command with credentials of a profile',
  help: HELP,
  flags: { ...CREDENTIAL_OPTIONS, layers: { type: 'string' } },
  args: ['PROFILE'],
  rest: true,
  program: true,
  json: false,
  async run({ values, profile, rest, program, io }) {
    // `tempkey exec P cmd args` works without `--` too.
    if (rest.length) program = [...rest, ...program];
    const verbose = verboseLogger(io, values.verbose);
    if (values.layers || (!profile && !io.env.AWS_PROFILE)) {
      const { runInLayer } = await import('./exec-layer.js');
      const code = await runInLayer(values, program, io, verbose);
      if (code !== undefined) return code;
      const { pickProfileIfInteractive } = await import('./picker.js');
      profile = await pickProfileIfInteractive(io, { project: values.project });
    }
    if (!program.length && io.env.TEMPKEY_PROFILE && io.env.AWS_ACCESS_KEY_ID && io.env.TEMPKEY_ALLOW_NESTED !== '1') {
      const { TempkeyError } = await import('../lib/errors.js');
      throw new TempkeyError('NESTED_SESSION', `This shell already has the credentials of profile '${io.env.TEMPKEY_PROFILE}' (a tempkey exec subshell, or tku); a subshell inside it would stack a second session on the first.`, {
        fix: `Leave it first ('exit', or 'tku --unset'), or run one command: tempkey exec ${profile ?? 'PROFILE'} -- CMD. TEMPKEY_ALLOW_NESTED=1 allows it.`,
        exitCode: 2,
      });
    }
    const got = await obtainFromFlags(values, profile, io, verbose);
    const { childEnvironment } = await import('../core/credentials/export-env.js');
    const { runProgram } = await import('../core/credentials/exec.js');
    const env = childEnvironment(io.env, got.credentials, got.region, got.plan.profile);
    const { recordProfileUse } = await import('../core/ui/mru.js');
    await recordProfileUse(io.env, got.plan.profile);
    verbose(`running ${program.length ? program[0] : interactiveShell(env, currentPlatform(env))} with credentials of profile '${got.plan.profile}'${got.credentials.fromCache ? ' (from cache)' : ''}`);
    return runProgram(program, env);
  },
});
