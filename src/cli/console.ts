import { defineCommand } from './command.js';
import { CREDENTIAL_FLAGS_HELP, CREDENTIAL_OPTIONS, credentialScope, terminalPrompter, verboseLogger } from './credential-flags.js';

const HELP = `Usage: tempkey console [PROFILE] [--service S] [--url] [options]

Opens the AWS console signed in with PROFILE's temporary credentials (console
federation; for an IAM user's long-term keys, a GetFederationToken session
first). With --url, prints the sign-in URL instead (it is valid for 15 minutes
and grants the session: treat it as a secret).

Options:
      --service NAME    open this service's page (s3, ec2, iam, ...)
      --url             print the URL, do not open a browser
      --json            print {"profile", "url"}, do not open a browser
${CREDENTIAL_FLAGS_HELP.replace(/ {6}--duration[\s\S]*?long-term keys\n/, '')}
`;

// A console session's lifetime is the federation's: --duration and --no-session do not apply.
const { duration: _duration, 'no-session': _noSession, ...CONSOLE_CREDENTIAL_OPTIONS } = CREDENTIAL_OPTIONS;

export default defineCommand({
  name: 'console',
  summary: 'open the AWS console signed in as a profile (federated sign-in URL)',
  help: HELP,
  flags: { ...CONSOLE_CREDENTIAL_OPTIONS, service: { type: 'string' }, url: { type: 'boolean' } },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, io }) {
    const scope = await credentialScope(values, io);
    if (!profile) profile = await (await import('./picker.js')).pickProfileIfInteractive(io, { project: scope.project });
    const { consoleUrl } = await import('../core/console/url.js');
    const r = await consoleUrl({
      env: scope.env,
      cwd: io.cwd,
      profile,
      region: values.region,
      project: scope.project,
      mfaToken: values['mfa-token'],
      prompt: terminalPrompter(),
      verbose: verboseLogger(io, values.verbose),
      service: values.service,
    });
    await (await import('../core/ui/mru.js')).recordProfileUse(io.env, r.profile);
    if (values.json) {
      io.stdout(`${JSON.stringify({ profile: r.profile, url: r.url }, null, 2)}\n`);
      return 0;
    }
    if (values.url) {
      io.stdout(`${r.url}\n`);
      return 0;
    }
    const { hasBrowser, systemBrowser } = await import('../core/ui/browser.js');
    // Not the URL itself on the browser's command line: its SigninToken would show in ps.
    const { browserTargetFor } = await import('../core/console/signin-page.js');
    if (hasBrowser(io.env) && (await systemBrowser(io.env)(await browserTargetFor(r.url, io.env)))) {
      io.stderr(`Opened the AWS console as profile '${r.profile}'.\n`);
      return 0;
    }
    io.stderr(`No browser here; open this URL (valid 15 minutes):\n`);
    io.stdout(`${r.url}\n`);
    return 0;
  },
});
