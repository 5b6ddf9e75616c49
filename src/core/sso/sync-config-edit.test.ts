import { describe, expect, it } from 'vitest';
import { applySync, parseBlocks, parseMarker, renderDiff, type DesiredProfile } from './sync-config-edit.js';
import { assignProfileNames, safeProfileName } from './sync-naming.js';

const base = `# my settings
[default]
region = eu-west-1

[sso-session acme]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1 ; comment kept
sso_registration_scopes = sso:account:access

; notes about prod
[profile mine]
region = us-west-2
s3 =
  max_concurrent_requests = 20
`;

const p = (accountId: string, roleName: string, name: string): DesiredProfile => ({ accountId, roleName, name, accountName: name, region: 'us-east-1' });
const run = (text: string, desired: DesiredProfile[], prune = false, incomplete: string[] = []) =>
  applySync(text, { ssoSession: 'acme', desired, prune, incompleteAccounts: new Set(incomplete) });

describe('profiles sync config edit', () => {
  it('blocks join back to the exact text', () => {
    const weird = 'a=1\r\n[x]\r\n# c\r\n\r\n[profile y]\nk = v\n  sub = 1\nno-newline';
    expect(parseBlocks(weird).flatMap((b) => b.lines).join('')).toBe(weird);
    expect(parseBlocks(base).flatMap((b) => b.lines).join('')).toBe(base);
  });

  it('adds marked profiles after everything else and leaves other sections byte-identical', () => {
    const r = run(base, [p('111111111111', 'Admin', 'prod-admin'), p('222222222222', 'ReadOnly', 'dev-readonly')]);
    expect(r.text.startsWith(base)).toBe(true);
    expect(r.text.slice(base.length)).toBe(
      `\n# tempkey:generated sso-session:acme account:222222222222 role:ReadOnly\n[profile dev-readonly]\nsso_session = acme\nsso_account_id = 222222222222\nsso_role_name = ReadOnly\nregion = us-east-1\n` +
        `\n# tempkey:generated sso-session:acme account:111111111111 role:Admin\n[profile prod-admin]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n`,
    );
    expect(r.changes.map((c) => c.kind)).toEqual(['add', 'add']);
    const again = run(r.text, [p('111111111111', 'Admin', 'prod-admin'), p('222222222222', 'ReadOnly', 'dev-readonly')]);
    expect(again.text).toBe(r.text);
    expect(again.changes).toEqual([]);
    expect(again.unchanged).toBe(2);
  });

  it('keeps hand edits inside generated profiles and re-asserts only the identity keys', () => {
    const first = run(base, [p('111111111111', 'Admin', 'prod-admin')]).text;
    const edited = first
      .replace('region = us-east-1\n', 'region = ap-south-1\n# my note\noutput = json\n')
      .replace('sso_role_name = Admin', 'sso_role_name = Typo');
    const r = run(edited, [p('111111111111', 'Admin', 'prod-admin')]);
    expect(r.text).toContain('region = ap-south-1\n# my note\noutput = json\n');
    expect(r.text).toContain('sso_role_name = Admin\n');
    expect(r.changes.map((c) => c.kind)).toEqual(['update']);
    expect(renderDiff('config', r.changes)).toContain('-sso_role_name = Typo\n+sso_role_name = Admin');
  });

  it('prunes only generated profiles whose role vanished, and only with --prune', () => {
    const first = run(base, [p('111111111111', 'Admin', 'prod-admin'), p('222222222222', 'ReadOnly', 'dev-readonly')]).text;
    const kept = run(first, [p('111111111111', 'Admin', 'prod-admin')]);
    expect(kept.text).toBe(first);
    expect(kept.changes.map((c) => c.kind)).toEqual(['stale']);
    const pruned = run(first, [p('111111111111', 'Admin', 'prod-admin')], true);
    expect(pruned.text).not.toContain('dev-readonly');
    expect(pruned.text).toContain('[profile mine]');
    expect(pruned.text).toContain('[profile prod-admin]');
    // An account whose listing failed is not evidence that its roles are gone.
    expect(run(first, [p('111111111111', 'Admin', 'prod-admin')], true, ['222222222222']).text).toBe(first);
  });

  it('does not duplicate a profile the user wrote for the same account and role', () => {
    const text = base + '\n[profile handmade]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\n';
    const r = run(text, [p('111111111111', 'Admin', 'prod-admin')]);
    expect(r.text).toBe(text);
    expect(r.coveredByUser).toEqual(['111111111111/Admin']);
  });

  it('a prune keeps the user comment that sits above the next section', () => {
    const first = run('', [p('111111111111', 'Admin', 'a'), p('222222222222', 'Admin', 'b')]).text;
    const withUser = first + '\n# about mine\n[profile mine]\nregion = x\n';
    const r = run(withUser, [p('222222222222', 'Admin', 'b')], true);
    expect(r.text).toContain('# about mine\n[profile mine]');
    expect(r.text).not.toContain('[profile a]');
  });
});

describe('markers and profile forms', () => {
  const session = { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1' };
  const runForm = (text: string, desired: DesiredProfile[], form?: 'modern' | 'legacy') =>
    applySync(text, { ssoSession: 'acme', desired, prune: false, incompleteAccounts: new Set(), form, session });

  it('markers carry no "=", even for a role name with one (no parser reads them as a key)', () => {
    const r = run('', [p('111111111111', 'Ops=Admin', 'ops')]);
    const marker = r.text.split('\n')[0]!;
    expect(marker).toBe('# tempkey:generated sso-session:acme account:111111111111 role:Ops%3DAdmin');
    expect(parseMarker(marker)).toEqual({ ssoSession: 'acme', accountId: '111111111111', roleName: 'Ops=Admin' });
  });

  it('recognises a file synced with the old key=value markers and rewrites only the marker line', () => {
    const old = `${base}\n# tempkey:generated sso-session=acme account=111111111111 role=Admin\n[profile prod-admin]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n`;
    const r = run(old, [p('111111111111', 'Admin', 'prod-admin')]);
    expect(r.changes.map((c) => c.kind)).toEqual(['update']);
    expect(r.text).toBe(old.replace('sso-session=acme account=111111111111 role=Admin', 'sso-session:acme account:111111111111 role:Admin'));
    expect(r.text.match(/\[profile prod-admin\]/g)).toHaveLength(1);
  });

  it('--form legacy writes sso_start_url/sso_region instead of sso_session, and back again', () => {
    const legacy = runForm(base, [p('111111111111', 'Admin', 'prod-admin')], 'legacy');
    expect(legacy.text.slice(base.length)).toBe(
      `\n# tempkey:generated sso-session:acme account:111111111111 role:Admin\n[profile prod-admin]\nsso_start_url = ${session.startUrl}\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\n`,
    );
    // Without --form a profile keeps the form it has.
    expect(runForm(legacy.text, [p('111111111111', 'Admin', 'prod-admin')]).changes).toEqual([]);
    const modern = runForm(legacy.text, [p('111111111111', 'Admin', 'prod-admin')], 'modern');
    // Converted in place: the other form's keys go, the missing key is added at the end of the section.
    expect(modern.text.slice(base.length)).toBe(
      `\n# tempkey:generated sso-session:acme account:111111111111 role:Admin\n[profile prod-admin]\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\nsso_session = acme\n`,
    );
    // A modern profile converted in place keeps the user's own lines.
    const withNote = modern.text.replace('region = us-east-1\n', 'region = us-east-1\noutput = json\n');
    const back = runForm(withNote, [p('111111111111', 'Admin', 'prod-admin')], 'legacy');
    expect(back.text).toContain(`[profile prod-admin]\nsso_account_id = 111111111111\nsso_role_name = Admin\nregion = us-east-1\noutput = json\nsso_start_url = ${session.startUrl}\nsso_region = us-east-1\n`);
    expect(back.text).not.toMatch(/\[profile prod-admin\][^[]*sso_session/);
  });
});

describe('profile names', () => {
  it('are lower-case and safe', () => {
    expect(safeProfileName('ACME Prod (EU)-AdministratorAccess')).toBe('acme-prod-eu-administratoraccess');
    expect(safeProfileName('--x..')).toBe('x');
  });

  it('resolve collisions deterministically with the account id', () => {
    const e = (accountId: string, accountName: string, roleName: string) => ({ accountId, accountName, roleName, ssoSession: 'acme' });
    const entries = [e('222222222222', 'Prod', 'Admin'), e('111111111111', 'prod', 'Admin'), e('333333333333', 'dev', 'Admin'), e('444444444444', 'x', 'Admin')];
    const names = assignProfileNames(entries, '{{account_name}}-{{role_name}}', new Set(['x-admin']));
    expect(Object.fromEntries(names)).toEqual({
      '111111111111/Admin': 'prod-admin-111111111111',
      '222222222222/Admin': 'prod-admin-222222222222',
      '333333333333/Admin': 'dev-admin',
      '444444444444/Admin': 'x-admin-444444444444',
    });
    expect(assignProfileNames([...entries].reverse(), '{{account_name}}-{{role_name}}', new Set(['x-admin']))).toEqual(names);
  });
});
