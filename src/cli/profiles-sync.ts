import { defineCommand } from './command.js';
import { progressBar } from './progress.js';
import { redactText } from '../lib/redact.js';

const HELP = `Usage: tempkey profiles sync [options]

Creates one profile per AWS account and role your IAM Identity Center session
can use (ListAccounts + ListAccountRoles), in the modern sso_session form
(or the legacy form, for SDKs that predate [sso-session]).
Generated profiles are marked with a '# tempkey:generated ...' comment above
their header; keys you add inside them and every other section are kept.

Options:
      --sso-session NAME  the [sso-session] to sync (default: the only one in the config file)
      --template TEXT     profile names, default '{{account_name}}-{{role_name}}'
                          variables: {{account_name}} {{account_id}} {{role_name}} {{sso_session}};
                          names are lower-cased, limited to [a-z0-9._-], collisions get the account id
      --legacy            write sso_start_url + sso_region in each profile instead of
                          sso_session (the same as --form legacy): for older SDKs such as
                          Debian's Go SDK v2 1.17; log in with tempkey login --profile P
      --form FORM         modern or legacy; default: keep each generated profile's form,
                          new profiles modern
      --project NAME      the files of a Leverage-style project (~/.aws/NAME/); inside a
                          project its files are used, and account names lose the
                          '<project_long>-' prefix as in Leverage
      --rps N             the portal's request limit, requests/s (default TEMPKEY_SSO_RPS,
                          else the documented 20); never exceeded, lowered while throttled
      --prune             remove generated profiles whose account or role is no longer assigned
      --dry-run           print the changes as a diff and write nothing
  -r, --region REGION     region for new profiles (default: the session's sso_region)
      --json              machine-readable summary
  -v, --verbose           show retries and throttling
  -h, --help              this help

Log in first (tempkey login --sso-session NAME); the portal allows about 20
requests/s, so 1,000 accounts take about a minute. Requests are paced to that
limit and slowed down when the portal throttles; --rps N (or TEMPKEY_SSO_RPS=N)
sets another.
`;

export default defineCommand({
  name: 'profiles sync',
  summary: 'create a profile for every account and role of an SSO session',
  help: HELP,
  flags: {
        'sso-session': { type: 'string' },
        template: { type: 'string' },
        prune: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        region: { type: 'string', short: 'r', region: true },
        legacy: { type: 'boolean' },
        form: { type: 'string', choices: ['modern', 'legacy'] },
        project: { type: 'string' },
        rps: { type: 'string' },
      },
  json: true,
  async run({ values, profile, args, io }) {
    const form = values.legacy ? 'legacy' : (values.form as 'modern' | 'legacy' | undefined);
    if (values.legacy && values.form && values.form !== 'legacy') {
      io.stderr(`tempkey profiles sync: --legacy and --form ${values.form} disagree; give one of them.\n`);
      return 2;
    }
    const rps = values.rps === undefined ? undefined : Number(values.rps);
    if (rps !== undefined && !(Number.isFinite(rps) && rps > 0 && rps <= 1000)) {
      io.stderr(`tempkey profiles sync: --rps wants a number of requests per second above 0 (up to 1000), not '${values.rps}'.\n`);
      return 2;
    }
    const stderrIsTTY = (io as { stderrIsTTY?: boolean }).stderrIsTTY ?? (io.env === process.env && Boolean(process.stderr.isTTY));
    const bar = progressBar('Syncing accounts', { enabled: stderrIsTTY && !values.json && io.env.TEMPKEY_NO_PROGRESS === undefined, write: io.stderr });
    const { syncProfiles } = await import('../core/sso/profiles-sync.js');
    // In a Leverage-style project: its files, and account names without '<project_long>-' (as Leverage names them).
    const { projectHere } = await import('./project-here.js');
    const project = await projectHere(values.project, io);
    const longName = project ? (await (await import('../project/detect.js')).findProject(io.cwd, io.env))?.longName : undefined;
    let r;
    try {
      r = await syncProfiles({
        env: io.env,
        cwd: io.cwd,
        ssoSession: values['sso-session'],
        project,
        accountNamePrefix: longName ? `${longName}-` : undefined,
        template: values.template,
        prune: values.prune,
        form,
        dryRun: values['dry-run'],
        // Refreshed when near expiry; one browser login when there is no valid session.
        tokens: await (async () => {
          const { ssoTokens, mayLogIn } = await import('../core/sso/tokens.js');
          return ssoTokens({ env: io.env, interactive: mayLogIn(io.env), tell: io.stderr });
        })(),
        region: values.region,
        ...(rps ? { rateLimit: { maxRate: rps } } : {}),
        verbose: values.verbose ? (line) => io.stderr(`tempkey: ${redactText(line)}\n`) : undefined,
        onProgress: (p) =>
          bar.update(p.accountsDone, p.accountsComplete ? p.accountsListed : undefined, `${p.rate.toFixed(1)} req/s${p.throttles ? `, ${p.throttles} throttled` : ''}`),
      });
    } finally {
      bar.done();
    }
    const failed = r.failures.length;
    if (values.json) {
      const { changes: _c, diff, ...summary } = r;
      io.stdout(JSON.stringify(values['dry-run'] ? { ...summary, diff } : summary, null, 2) + '\n');
      return failed ? 1 : 0;
    }
    if (values['dry-run']) io.stdout(r.diff);
    const verb = r.dryRun ? 'would ' : '';
    const parts = [
      `${verb}add ${r.added.length}`,
      `${verb}update ${r.updated.length}`,
      ...(r.renamed.length ? [`${verb}rename ${r.renamed.length}`] : []),
      `${verb}remove ${r.removed.length}`,
      `unchanged ${r.unchanged}`,
    ];
    io.stdout(
      `${r.dryRun ? 'Dry run: nothing written. ' : ''}sso-session '${r.ssoSession}': ${r.accounts} accounts, ${r.roles} roles -> ${r.configPath}\n  ${parts.join(', ')}\n`,
    );
    if (r.stale.length) io.stdout(`  ${r.stale.length} generated profile(s) no longer assigned (kept): ${r.stale.slice(0, 5).join(', ')}${r.stale.length > 5 ? ', ...' : ''}\n  fix: tempkey profiles sync --prune\n`);
    if (r.coveredByUser.length) io.stdout(`  ${r.coveredByUser.length} account/role pair(s) already have a hand-written profile; left as they are.\n`);
    if (failed) {
      io.stderr(
        `tempkey: could not list the roles of ${failed} account(s): ${r.failures
          .slice(0, 3)
          .map((f) => `${f.accountId} (${f.message})`)
          .join('; ')}\n  Their profiles were left as they were.\n  fix: run 'tempkey profiles sync' again\n`,
      );
      return 1;
    }
    return 0;
  },
});
