import { projectHere } from './project-here.js';
import { defineCommand } from './command.js';

const HELP = `Usage: tempkey login [PROFILE | --profile P | --sso-session S] [options]

Signs in to IAM Identity Center once for every account and role of the
session. By default the browser opens the sign-in page and hands the result
back to tempkey on a 127.0.0.1 port (authorization code with PKCE). Without a
browser here (SSH, containers) it uses a device code: open the printed URL on
any device and check the code.

The token is cached in ~/.aws/sso/cache exactly as the AWS CLI caches it, and
refreshed silently while the session lasts; 'aws' and the SDKs use it too.

Options:
  -p, --profile NAME      log in to the session this profile uses (default: AWS_PROFILE)
      --sso-session NAME  log in to this [sso-session] (default: the only one)
      --console           console credentials instead (like 'aws login'): sign in as your
                          AWS console identity; writes login_session to the profile
  -r, --region REGION     the sign-in region for --console (default: AWS_REGION or us-east-1)
      --use-device-code   use the device code flow even when a browser is available
      --no-browser        do not open a browser; print the URL
      --project NAME      use the files of a Leverage-style project (~/.aws/NAME/)
      --json              print the session and its expiry as JSON
  -h, --help              this help

Browser: TEMPKEY_BROWSER or BROWSER (a command; the URL is appended), else the
desktop's opener.
`;

export default defineCommand({
  name: 'login',
  summary: 'sign in to IAM Identity Center (browser with PKCE, or device code)',
  help: HELP,
  flags: {
        profile: { type: 'string', short: 'p' },
        'sso-session': { type: 'string' },
        'use-device-code': { type: 'boolean' },
        'no-browser': { type: 'boolean' },
        project: { type: 'string' },
        console: { type: 'boolean' },
        region: { type: 'string', short: 'r', region: true },
      },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    if (values.console) {
      // Console credentials (like 'aws login'): the browser signs in as your console identity.
      const { consoleLogin } = await import('../core/console/login.js');
      const { hasBrowser, systemBrowser } = await import('../core/ui/browser.js');
      const name = profile ?? io.env.AWS_PROFILE ?? 'default';
      const r = await consoleLogin({
        env: io.env,
        cwd: io.cwd,
        profile: name,
        region: values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
        project: await projectHere(values.project, io),
        openBrowser: !values['no-browser'] && hasBrowser(io.env) ? systemBrowser(io.env) : undefined,
        tell: io.stderr,
      });
      io.stderr(`Signed in as ${r.arn}; profile '${name}' now uses login_session (15-minute keys, refreshed for up to 12 hours).\n`);
      if (values.json) io.stdout(JSON.stringify(r, null, 2) + '\n');
      return 0;
    }
    const { findSessionRef } = await import('../core/sso/session-ref.js');
    if (!profile && !values['sso-session']) profile = await (await import('./picker.js')).pickProfileIfInteractive(io, { project: await projectHere(values.project, io), only: 'sso' });
    const { ref } = await findSessionRef({ env: io.env, cwd: io.cwd, profile, ssoSession: values['sso-session'], project: await projectHere(values.project, io) });
    const { ssoTokens } = await import('../core/sso/tokens.js');
    const { hasBrowser } = await import('../core/ui/browser.js');
    const canOpen = hasBrowser(io.env);
    const browser = !values['no-browser'] && canOpen;
    const tokens = ssoTokens({
      env: io.env,
      interactive: true,
      // PKCE needs a browser on this machine (it redirects to 127.0.0.1); else the device code works from anywhere.
      flow: values['use-device-code'] || (!canOpen && !values['no-browser']) ? 'device' : 'pkce',
      openBrowser: browser ? undefined : null,
      tell: io.stderr,
    });
    const t = await tokens.login(ref);
    if (values.json) io.stdout(JSON.stringify({ ssoSession: ref.sessionName ?? null, startUrl: ref.startUrl, region: ref.region, expiresAt: t.expiresAt.toISOString() }, null, 2) + '\n');
    return 0;
  },
});
