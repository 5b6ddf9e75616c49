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
      --browser B       open it in this browser: chromium, chrome, brave or edge (a browser
                        profile of its own per AWS profile, --user-data-dir), firefox (a
                        container named after the profile: ext+container: URL, needs the
                        "Open external links in a container" add-on), or a command line
                        with {url} and {profile}. Default: the profile's
                        tempkey_console_browser, else TEMPKEY_CONSOLE_BROWSER, else the
                        system browser.
      --json            print {"profile", "url"}, do not open a browser
${CREDENTIAL_FLAGS_HELP.replace(/ {6}--duration[\s\S]*?long-term keys\n/, '')}
`;

// A console session's lifetime is the federation's: --duration and --no-session do not apply.
const { duration: _duration, 'no-session': _noSession, ...CONSOLE_CREDENTIAL_OPTIONS } = CREDENTIAL_OPTIONS;

export default defineCommand({
  name: 'console',
  summary: 'open the AWS console signed in as a profile (federated sign-in URL)',
  help: HELP,
  flags: { ...CONSOLE_CREDENTIAL_OPTIONS, service: { type: 'string' }, url: { type: 'boolean' }, browser: { type: 'string' } },
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
    const { consoleBrowserSetting, consoleBrowserCommand } = await import('../core/console/browser-choice.js');
    const chosen = await consoleBrowserSetting({ env: scope.env, cwd: io.cwd, project: scope.project, profile: r.profile, flag: values.browser });
    if (chosen) {
      const argv = consoleBrowserCommand(chosen, r.profile, await browserTargetFor(r.url, io.env), io.env);
      const { launchBrowser } = await import('../core/ui/browser.js');
      if (await launchBrowser(argv, { ...io.env, TEMPKEY_PROFILE: r.profile })) {
        io.stderr(`Opened the AWS console as profile '${r.profile}' in ${argv[0]}.\n`);
        return 0;
      }
      const { TempkeyError } = await import('../lib/errors.js');
      throw new TempkeyError('COMMAND_NOT_FOUND', `Could not start the console browser '${argv[0]}' (from ${values.browser ? '--browser' : 'tempkey_console_browser or TEMPKEY_CONSOLE_BROWSER'}).`, {
        fix: `Install it, or choose another: --browser chromium|chrome|brave|edge|firefox|'CMD {url}'; 'tempkey console ${r.profile} --url' prints the link.`,
      });
    }
    if (hasBrowser(io.env) && (await systemBrowser(io.env)(await browserTargetFor(r.url, io.env)))) {
      io.stderr(`Opened the AWS console as profile '${r.profile}'.\n`);
      return 0;
    }
    io.stderr(`No browser here; open this URL (valid 15 minutes):\n`);
    io.stdout(`${r.url}\n`);
    return 0;
  },
});
