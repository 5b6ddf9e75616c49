import { defineCommand } from './command.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, obtainFromFlags, verboseLogger } from './credential-flags.js';

const HELP = `Usage: tempkey serve [PROFILE] [--port N] [options] [-- command args...]

Serves PROFILE's credentials on 127.0.0.1 the way ECS serves a task's
(AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN), so
long-running tools and containers get fresh credentials when theirs near
expiry. Every AWS SDK and the AWS CLI read these variables. Requests without
the random token are refused (401).

With a command: runs it with those two variables (and no other credentials)
and stops when it exits. Without: prints the variables and serves until Ctrl-C.
For a container: docker run --network host -e AWS_CONTAINER_CREDENTIALS_FULL_URI -e AWS_CONTAINER_AUTHORIZATION_TOKEN ...

Options:
      --port N         listen on this port, 0 to 65535 (default: a free one)
${CREDENTIAL_FLAGS_HELP}
`;

export default defineCommand({
  name: 'serve',
  summary: 'serve credentials of a profile on a local ECS-style endpoint',
  help: HELP,
  flags: { ...CREDENTIAL_OPTIONS, port: { type: 'string', integer: { min: 0, max: 65535 } } },
  args: ['PROFILE'],
  program: true,
  json: false,
  async run({ values, profile, program, io }) {
    const verbose = verboseLogger(io, values.verbose);
    // The first call may prompt for MFA; later ones are served from the cache (refreshed before expiry).
    const first = await obtainFromFlags(values, profile, io, verbose);
    const later = { ...values, 'mfa-token': undefined };
    const { serveCredentials } = await import('../core/credentials/serve.js');
    const server = await serveCredentials({
      port: values.port ? Number(values.port) : undefined,
      get: async () => (await obtainFromFlags(later, profile, io, verbose)).credentials,
      log: verbose,
    });
    const vars = { AWS_CONTAINER_CREDENTIALS_FULL_URI: server.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: server.token };
    try {
      if (program.length) {
        const { scrubbedEnvironment } = await import('../core/credentials/export-env.js');
        const env = scrubbedEnvironment(io.env);
        Object.assign(env, vars, first.region ? { AWS_REGION: first.region, AWS_DEFAULT_REGION: first.region } : {});
        const { runProgram } = await import('../core/credentials/exec.js');
        return await runProgram(program, env);
      }
      io.stdout(Object.entries(vars).map(([k, v]) => `export ${k}='${v}'\n`).join(''));
      io.stderr(`Serving credentials of profile '${first.plan.profile}' at ${server.url} until Ctrl-C.\n`);
      await new Promise<void>((done) => {
        process.once('SIGINT', () => done());
        process.once('SIGTERM', () => done());
      });
      return 0;
    } finally {
      await server.close();
    }
  },
});
