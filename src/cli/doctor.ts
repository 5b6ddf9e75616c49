import { defineCommand } from './command.js';
import { redact, redactText } from '../lib/redact.js';

const HELP = `Usage: tempkey doctor [PROFILE] [--layer DIR] [--json] [--offline] [--verbose]

Walks the credentials troubleshooting a person would do by hand and says the
fix for each problem: which project and method (IAM users or Identity Center),
which AWS files and why, parse errors, duplicated profiles, missing or
conflicting keys, source_profile cycles, MFA on SSO profiles, every profile a
terraform layer uses, private file modes, the SSO session (expired? rejected by
the portal although not expired?), the clock against AWS, and a live
sts get-caller-identity with each profile in question.

Hand edits the AWS CLI reads otherwise than meant are named with file:line:
[dev] without 'profile ' in the config file, [profile x] in the credentials
file, upper-case or mistyped keys, ':' for '=', quoted values, inline comments,
indented lines (read as continuations), start URLs without https:// or with
'#/', sso_session beside a different sso_start_url, keys that shadow
credential_process, repeated keys, a BOM.

Options:
  -p, --profile NAME  the profile to check (as PROFILE)
      --fix ID        apply the line edits of one hand-edit finding (handedit.*), then check
      --layer DIR   check the profiles this terraform layer uses
      --offline     no network: skip the portal, clock and identity checks
      --json        {"ok": bool, "checks": [{"id","title","status","found","location","fix"}]}
  -v, --verbose     show what is checked (secrets redacted)
  -h, --help        this help

Exit status: 1 when any check fails, else 0.
`;

const MARK = { ok: '✓', warn: '!', fail: '✗', skipped: '·' } as const;

export default defineCommand({
  name: 'doctor',
  summary: 'find what is wrong with a credentials set-up, and say the fix',
  help: HELP,
  flags: { profile: { type: 'string', short: 'p' }, layer: { type: 'string' }, offline: { type: 'boolean' }, fix: { type: 'string' } },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    const { runDoctor } = await import('../core/doctor/index.js');
    const r = await runDoctor({
      env: io.env,
      cwd: io.cwd,
      profile,
      layer: values.layer,
      offline: values.offline,
      fix: values.fix,
      verbose: values.verbose ? (l) => io.stderr(`tempkey: ${redactText(l)}\n`) : undefined,
    });
    if (values.json) io.stdout(JSON.stringify(redact(r), null, 2) + '\n');
    else {
      for (const c of r.checks) {
        const loc = c.location?.file ? ` (${c.location.file}${c.location.line ? `:${c.location.line}` : ''})` : c.location?.profile ? ` (profile ${c.location.profile})` : '';
        io.stdout(redactText(`${MARK[c.status]} ${c.title}${c.found ? `: ${c.found}` : ''}${c.status === 'ok' ? '' : loc}\n`));
        if (c.fix && c.status !== 'ok') io.stdout(redactText(`    fix: ${c.fix.split('\n').join('\n    ')}\n`));
      }
      const failed = r.checks.filter((c) => c.status === 'fail').length;
      const warned = r.checks.filter((c) => c.status === 'warn').length;
      io.stdout(`\n${failed ? `${failed} problem(s)` : 'No problems'}${warned ? `, ${warned} warning(s)` : ''}.\n`);
    }
    return r.ok ? 0 : 1;
  },
});
