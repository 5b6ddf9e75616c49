import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempkey } from './helpers/run.js';
import { copyRefProject, FOR_EACH_LAYER, NESTED_BUILD_ENV_LAYER } from './helpers/leverage-ref.js';

// The reference architecture's own shapes, read without any AWS: for_each +
// lookup() remote states, a layer with its own build.env, the v2 organization
// tree, and Leverage's reading of its settings.
const tmp = mkdtempSync(join(tmpdir(), 'tempkey-leverage-ref-'));
const project = copyRefProject('binbash', tmp);
const env = { PATH: process.env.PATH, HOME: join(tmp, 'home'), TEMPKEY_VAULT_BACKEND: 'file', TEMPKEY_FILE_PASSPHRASE: 'x' };
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type LayerJson = { profiles: { profile: string; kind: string; alias?: string; file: string; line: number }[]; unresolved: unknown[] };

describe('reference-architecture layers', () => {
  it('for_each + lookup() remote states: every value of the map the for_each walks, pointed at its line in locals.tf', async () => {
    const r = await tempkey(['layer', 'profiles', '--json'], env, { cwd: join(project, FOR_EACH_LAYER) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const layer = JSON.parse(r.stdout) as LayerJson;
    expect(layer.unresolved).toEqual([]);
    const remote = layer.profiles.filter((p) => p.kind === 'remote_state').map((p) => [p.alias, p.profile]);
    expect(remote.sort()).toEqual(
      [
        ['apps-devstg-vpcs["apps-devstg-base"]', 'bb-apps-devstg-devops'],
        ['apps-devstg-vpcs["apps-devstg-eks-demoapps"]', 'bb-apps-devstg-devops'],
        ['apps-prd-vpcs["apps-prd-base"]', 'bb-apps-prd-devops'],
        ['security-vpcs["security-base"]', 'bb-security-devops'],
        // profile = var.profile inside the map: backend.tfvars' profile
        ['shared-dr-vpcs["shared-dr-base"]', 'bb-shared-devops'],
      ].sort(),
    );
    // count = var.enable_tgw ? 1 : 0 with enable_tgw false: terraform reads no TGW state, so no network profile.
    expect(layer.profiles.map((p) => p.profile)).not.toContain('bb-network-devops');
    const prd = layer.profiles.find((p) => p.alias === 'apps-prd-vpcs["apps-prd-base"]')!;
    expect(prd.file).toBe(join(project, FOR_EACH_LAYER, 'locals.tf'));
    expect(readFileSync(prd.file, 'utf8').split('\n')[prd.line - 1]).toContain('profile = "${var.project}-apps-prd-devops"');
  });

  it('a layer with its own build.env: the root is the git top level, and both files are merged (deeper wins)', async () => {
    const layer = join(project, NESTED_BUILD_ENV_LAYER);
    const s = await tempkey(['project', 'status', '--json'], env, { cwd: layer });
    expect(s.stderr).toBe('');
    expect(s.status).toBe(0);
    const p = JSON.parse(s.stdout);
    expect(p).toMatchObject({ root: project, shortName: 'bb', longName: 'binbash', mfaEnabled: true, configFile: join(env.HOME, '.aws/bb/config') });
    expect(p.files.buildEnvFiles).toEqual([join(project, 'build.env'), join(layer, 'build.env')]);
    const l = await tempkey(['layer', 'profiles', '--json'], env, { cwd: layer });
    expect(l.status).toBe(0);
    expect((JSON.parse(l.stdout) as LayerJson).profiles.map((x) => [x.kind, x.alias ?? null, x.profile])).toEqual([
      ['backend', null, 'bb-apps-devstg-devops'],
      ['provider', null, 'bb-apps-devstg-devops'],
      ['provider', 'shared', 'bb-shared-devops'],
      ['remote_state', 'cluster', 'bb-apps-devstg-devops'],
    ]);
  });
});

describe("Leverage's parsing and precedence", () => {
  it('MFA_ENABLED="true" # comment is on; MFA_ENABLED=True is off as in Leverage, and both status and doctor say so', async () => {
    expect(readFileSync(join(project, 'build.env'), 'utf8')).toContain('MFA_ENABLED="true" # ');
    const on = JSON.parse((await tempkey(['project', 'status', '--json'], env, { cwd: project })).stdout);
    expect(on.mfaEnabled).toBe(true);
    expect(on.notes).toEqual([]);

    const other = copyRefProject('binbash', mkdtempSync(join(tmp, 'mfa-')));
    writeFileSync(join(other, 'build.env'), 'PROJECT=bb\nMFA_ENABLED=True\n');
    const s = await tempkey(['project', 'status'], env, { cwd: other });
    expect(s.stdout).toContain('MFA       off');
    expect(s.stdout).toContain(`Note      ${join(other, 'build.env')}:2: MFA_ENABLED=True means off: Leverage turns MFA on only for the exact text true`);
    const d = await tempkey(['doctor', '--json'], env, { cwd: other });
    const check = JSON.parse(d.stdout).checks.find((c: { id: string }) => c.id === 'project.settings');
    expect(check).toMatchObject({ status: 'warn', fix: `Write MFA_ENABLED=true in ${join(other, 'build.env')}` });
  });

  it('v2 layout: organization.accounts and organizational_units list the accounts, region is the primary region; sso_enabled = "false" is on, said plainly', async () => {
    const v2 = copyRefProject('binbash-v2', mkdtempSync(join(tmp, 'v2-')));
    const p = JSON.parse((await tempkey(['project', 'status', '--json'], env, { cwd: join(v2, 'security') })).stdout);
    expect(p.accounts.sort((a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name))).toEqual([
      { name: 'apps-devstg', email: 'binbash-apps-devstg@binbash.com.ar', id: '555555555555' },
      { name: 'management', email: 'aws+root@binbash.com.ar', id: '111111111111' },
      { name: 'network', email: 'binbash-network@binbash.com.ar' },
      { name: 'security', email: 'binbash-security@binbash.com.ar', id: '222222222222' },
      { name: 'shared', email: 'binbash-shared@binbash.com.ar', id: '333333333333' },
    ]);
    expect(p.regionPrimary).toBe('us-east-1');
    expect(p.method).toBe('sso');
    const s = await tempkey(['project', 'status'], env, { cwd: v2 });
    expect(s.stdout).toMatch(/Note {6}.*common\.tfvars:\d+: sso_enabled = "false" is a quoted string, which Leverage reads as on/);
    const d = JSON.parse((await tempkey(['doctor', '--json'], env, { cwd: v2 })).stdout);
    expect(d.checks.find((c: { id: string }) => c.id === 'project.settings')).toMatchObject({ status: 'warn', fix: expect.stringContaining('Write sso_enabled = false (no quotes)') });
  });

  it("common.tfvars' project wins over build.env's PROJECT for the ~/.aws/<project>/ folder, as in Leverage", async () => {
    const other = copyRefProject('binbash', mkdtempSync(join(tmp, 'name-')));
    writeFileSync(join(other, 'build.env'), 'PROJECT=bbold\nMFA_ENABLED=true\n');
    const p = JSON.parse((await tempkey(['project', 'status', '--json'], env, { cwd: other })).stdout);
    expect(p.configFile).toBe(join(env.HOME, '.aws/bb/config'));
    expect(p.shortName).toBe('bbold');
  });
});

describe("Leverage's flags and files", () => {
  it('--overwrite-existing-credentials and --skip-access-keys-setup are mutually exclusive, before anything is read or written', async () => {
    const r = await tempkey(['credentials', 'configure', '--type', 'Security', '--overwrite-existing-credentials', '--skip-access-keys-setup'], env, { cwd: project });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--overwrite-existing-credentials and --skip-access-keys-setup are mutually exclusive');
  });

  it('every *.tfvars in config/ and <account>/config/ is read, as Leverage passes them all to terraform', async () => {
    const other = copyRefProject('binbash', mkdtempSync(join(tmp, 'tfvars-')));
    // A variable only an extra tfvars file sets, used by a provider of the layer.
    writeFileSync(join(other, 'shared/config/extra.tfvars'), 'dr_profile = "bb-shared-dr-devops"\n');
    const layer = join(other, FOR_EACH_LAYER);
    writeFileSync(join(layer, 'dr.tf'), 'variable "dr_profile" {\n  type = string\n}\n\nprovider "aws" {\n  alias   = "dr"\n  region  = var.region_secondary\n  profile = var.dr_profile\n}\n');
    const r = await tempkey(['layer', 'profiles', '--json'], env, { cwd: layer });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as LayerJson).profiles).toContainEqual(expect.objectContaining({ profile: 'bb-shared-dr-devops', kind: 'provider', alias: 'dr' }));
  });

  it('credentials configure --profile inside the project writes ~/.aws/<project>/config, as exec reads it', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const csv = join(tmp, 'keys.csv');
    writeFileSync(csv, 'Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    const r = await tempkey(['credentials', 'configure', '--profile', 'bb-devops', '--credentials-file', csv, '--skip-verify', '--no-mfa'], { ...env, HOME: home }, { cwd: join(project, FOR_EACH_LAYER) });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(home, '.aws/bb/config'), 'utf8')).toContain('[profile bb-devops]');
  });
});
