import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SSOClient, ListAccountsCommand, ListAccountRolesCommand } from '@aws-sdk/client-sso';
import { describe, expect, it } from 'vitest';
import { startWorld } from '../../test/helpers/world.js';
import { accountsOf, generatedDirectory, loadDirectory, rolesOf } from '../directory.js';

// The organization behind the emulator: from a YAML or JSON file (accounts also
// created in moto Organizations) or generated; assignments by user and by group.
const YAML = `startUrl: https://d-9067000001.awsapps.com/start
region: eu-west-1
accounts:
  - { name: root }
  - { name: data, email: data@example.com }
  - { name: sandbox, id: "999999999999" }
users:
  - { userName: carol, password: carol-pw }
  - { userName: dan, password: dan-pw }
groups:
  - { name: analysts, members: [carol, dan] }
permissionSets:
  - { name: Analyst }
  - { name: Admin }
assignments:
  - { account: data, permissionSet: Analyst, principal: analysts }
  - { account: "*", permissionSet: Admin, principal: carol }
`;

describe('emulator directory', () => {
  it('loads YAML, resolves group and user assignments, and seeds the accounts into moto', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tempkey-directory-'));
    try {
      writeFileSync(join(dir, 'org.yaml'), YAML);
      const d = await loadDirectory(join(dir, 'org.yaml'));
      expect(accountsOf(d, 'dan').map((a) => a.name)).toEqual(['data']);
      expect(rolesOf(d, 'carol', d.accounts[1]!)).toEqual(['Admin', 'Analyst']);
      writeFileSync(join(dir, 'bad.json'), '{"accounts": []}');
      await expect(loadDirectory(join(dir, 'bad.json'))).rejects.toThrow(`${join(dir, 'bad.json')}: expected an 'accounts' list`);

      const world = await startWorld({ directoryFile: join(dir, 'org.yaml'), autoApprove: true });
      try {
        expect(world.startUrl).toBe('https://d-9067000001.awsapps.com/start');
        expect(world.directory.accounts[0]!.id).toBe('123456789012');
        expect(world.directory.accounts[1]!.id).toMatch(/^\d{12}$/);
        expect(world.directory.accounts[2]!.id).toBe('999999999999');
        // A token for carol (auto-approved device login), then her view of the portal.
        const { SSOOIDCClient, RegisterClientCommand, StartDeviceAuthorizationCommand, CreateTokenCommand } = await import('@aws-sdk/client-sso-oidc');
        const oidc = new SSOOIDCClient({ region: 'eu-west-1', endpoint: world.url });
        await world.setAutoApprove(true, 'carol');
        const reg = await oidc.send(new RegisterClientCommand({ clientName: 't', clientType: 'public' }));
        const auth = await oidc.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: world.startUrl }));
        const tok = await oidc.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode }));
        const sso = new SSOClient({ region: 'eu-west-1', endpoint: world.url });
        const accounts = (await sso.send(new ListAccountsCommand({ accessToken: tok.accessToken }))).accountList!.map((a) => a.accountName);
        expect(accounts).toEqual(['root', 'data', 'sandbox']);
        const roles = await sso.send(new ListAccountRolesCommand({ accessToken: tok.accessToken, accountId: world.directory.accounts[1]!.id }));
        expect(roles.roleList!.map((r) => r.roleName)).toEqual(['Admin', 'Analyst']);
      } finally {
        await world.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('generates large organizations: every account, the first N permission sets', () => {
    const d = generatedDirectory(1000, 3);
    expect(d.accounts).toHaveLength(1000);
    expect(new Set(d.accounts.map((a) => a.id)).size).toBe(1000);
    expect(rolesOf(d, 'alice', d.accounts[999]!)).toEqual(['AdministratorAccess', 'DevOps', 'ReadOnlyAccess']);
  });
});
