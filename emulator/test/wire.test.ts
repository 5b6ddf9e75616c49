import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { SSOOIDCClient, RegisterClientCommand, StartDeviceAuthorizationCommand, CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import { SSOClient, ListAccountsCommand, ListAccountRolesCommand, GetRoleCredentialsCommand, LogoutCommand } from '@aws-sdk/client-sso';
import { STSClient, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { OrganizationsClient, ListAccountsCommand as OrgListAccountsCommand } from '@aws-sdk/client-organizations';
import { startWorld, type World } from '../../test/helpers/world.js';

// The official JS SDK clients, unchanged, against the emulator's wire protocols.
let world: World;
const oidc = () => new SSOOIDCClient({ region: 'us-east-1', endpoint: world.url, maxAttempts: 1 });
const sso = () => new SSOClient({ region: 'us-east-1', endpoint: world.url, maxAttempts: 1 });
const stsWith = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => new STSClient({ region: 'us-east-1', endpoint: world.url, credentials, maxAttempts: 1 });

async function approveDevice(userCode: string, decision = 'approve', password = 'alice-password') {
  const r = await fetch(`${world.url}/device`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_code: userCode, username: 'alice', password, decision }).toString(),
  });
  return r.status;
}

async function deviceLogin() {
  const client = oidc();
  const reg = await client.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public' }));
  const auth = await client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: world.startUrl }));
  expect(await approveDevice(auth.userCode!)).toBe(200);
  const token = await client.send(
    new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode }),
  );
  return { reg, token, client };
}

beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(async () => world?.stop());

describe('SSO OIDC', () => {
  it('device code: pending, slow_down when polled too fast, then a token after approval; a denied request is access_denied', async () => {
    const client = oidc();
    const reg = await client.send(new RegisterClientCommand({ clientName: 'test', clientType: 'public', scopes: ['sso:account:access'] }));
    expect(reg.clientId).toBeTruthy();
    const auth = await client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: world.startUrl }));
    expect(auth.verificationUriComplete).toBe(`${world.url}/device?user_code=${auth.userCode}`);
    const create = () =>
      client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: auth.deviceCode }));
    await expect(create()).rejects.toMatchObject({ name: 'AuthorizationPendingException', error: 'authorization_pending' });
    await expect(create()).rejects.toMatchObject({ name: 'SlowDownException' });
    expect(await approveDevice(auth.userCode!, 'approve', 'wrong')).toBe(401);
    expect(await approveDevice(auth.userCode!)).toBe(200);
    const token = await create();
    expect(token.accessToken).toMatch(/^aoa/);
    expect(token.expiresIn).toBeGreaterThan(8 * 3600 - 10);
    await expect(create()).rejects.toMatchObject({ name: 'InvalidGrantException' });

    const denied = await client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: world.startUrl }));
    expect(await approveDevice(denied.userCode!, 'deny')).toBe(200);
    await expect(
      client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: denied.deviceCode })),
    ).rejects.toMatchObject({ name: 'AccessDeniedException' });
    await expect(client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: 'nope', startUrl: world.startUrl }))).rejects.toMatchObject({
      name: 'InvalidClientException',
    });
  });

  it('authorization code with PKCE: consent redirects to the loopback URI with code and state; the verifier must match', async () => {
    const client = oidc();
    const reg = await client.send(
      new RegisterClientCommand({ clientName: 'pkce', clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: world.startUrl }),
    );
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://127.0.0.1:45678/oauth/callback';
    const q = new URLSearchParams({ response_type: 'code', client_id: reg.clientId!, redirect_uri: redirectUri, state: 'st4te', code_challenge_method: 'S256', code_challenge: challenge, scopes: 'sso:account:access' });
    const page = await fetch(`${world.url}/authorize?${q}`);
    expect(await page.text()).toContain('Allow pkce to access your data?');
    const consent = await fetch(`${world.url}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: reg.clientId!, redirect_uri: redirectUri, state: 'st4te', code_challenge: challenge, scopes: 'sso:account:access', username: 'alice', password: 'alice-password', decision: 'approve' }).toString(),
    });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location')!);
    expect(`${back.origin}${back.pathname}`).toBe(redirectUri);
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = back.searchParams.get('code')!;
    const exchange = (codeVerifier: string) =>
      client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'authorization_code', code, redirectUri, codeVerifier }));
    await expect(exchange('not-the-verifier')).rejects.toMatchObject({ name: 'InvalidGrantException' });
    // A code is single-use, even after a failed exchange.
    await expect(exchange(verifier)).rejects.toMatchObject({ name: 'InvalidGrantException' });

    const bad = await fetch(`${world.url}/authorize?${new URLSearchParams({ ...Object.fromEntries(q), redirect_uri: 'https://evil.example.com/cb' })}`);
    expect(bad.status).toBe(400);
  });

  it('refresh_token grant rotates the refresh token; Logout kills the access token and its refresh token', async () => {
    const { reg, token, client } = await deviceLogin();
    const refreshed = await client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken }));
    expect(refreshed.accessToken).not.toBe(token.accessToken);
    await expect(client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'refresh_token', refreshToken: token.refreshToken }))).rejects.toMatchObject({
      name: 'InvalidGrantException',
    });
    const portal = sso();
    await portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }));
    await portal.send(new LogoutCommand({ accessToken: refreshed.accessToken }));
    await expect(portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }))).rejects.toMatchObject({ name: 'UnauthorizedException' });
    await expect(client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, grantType: 'refresh_token', refreshToken: refreshed.refreshToken }))).rejects.toMatchObject({
      name: 'InvalidGrantException',
    });
  });
});

describe('SSO portal and the gateway', () => {
  it('lists the accounts and roles assigned to the user (paginated) and mints role credentials moto accepts', async () => {
    const { token } = await deviceLogin();
    const portal = sso();
    const accounts: { accountId?: string; accountName?: string }[] = [];
    let nextToken: string | undefined;
    do {
      const page = await portal.send(new ListAccountsCommand({ accessToken: token.accessToken, maxResults: 2, nextToken }));
      expect(page.accountList!.length).toBeLessThanOrEqual(2);
      accounts.push(...page.accountList!);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(accounts.map((a) => a.accountName)).toEqual(['management', 'security', 'shared', 'apps-devstg', 'apps-prd']);
    const orgs = new OrganizationsClient({ region: 'us-east-1', endpoint: world.url, credentials: world.iamUser });
    // moto names the organization's management account 'master'; the ids are what must agree.
    const inOrg = (await orgs.send(new OrgListAccountsCommand({}))).Accounts!.map((a) => a.Id).sort();
    expect(inOrg).toEqual(accounts.map((a) => a.accountId).sort());

    const devstg = accounts.find((a) => a.accountName === 'apps-devstg')!;
    const roles = await portal.send(new ListAccountRolesCommand({ accessToken: token.accessToken, accountId: devstg.accountId }));
    expect(roles.roleList!.map((r) => r.roleName)).toEqual(['DevOps', 'ReadOnlyAccess']);
    const creds = (await portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: devstg.accountId, roleName: 'DevOps' }))).roleCredentials!;
    expect(creds.expiration).toBeGreaterThan(Date.now());
    const who = await stsWith({ accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:sts::${devstg.accountId}:assumed-role/DevOps/alice`);
    await expect(portal.send(new GetRoleCredentialsCommand({ accessToken: token.accessToken, accountId: devstg.accountId, roleName: 'AdministratorAccess' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(world.count('GetRoleCredentials')).toBeGreaterThanOrEqual(2);
    expect(world.log().find((e) => e.operation === 'GetCallerIdentity')).toMatchObject({ service: 'sts', caller: creds.accessKeyId });
  });

  it('checks MFA codes on STS: a wrong or reused code is AccessDenied, the current one works', async () => {
    const sts = stsWith(world.iamUser);
    const ask = (TokenCode: string) => sts.send(new GetSessionTokenCommand({ SerialNumber: world.iamUser.mfaSerial, TokenCode, DurationSeconds: 900 }));
    const good = world.totp();
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    await expect(ask(wrong)).rejects.toMatchObject({ name: 'AccessDenied' });
    expect((await ask(good)).Credentials?.SessionToken).toBeTruthy();
    await expect(ask(good)).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('invalid MFA one time pass code') });
  });

  it('injects faults per operation: errors for N calls, throttling, dropped connections, latency; and a clock skew', async () => {
    const { token } = await deviceLogin();
    const portal = sso();
    await world.setFault({ operation: 'ListAccounts', status: 500, code: 'InternalServerException', times: 1 });
    await expect(portal.send(new ListAccountsCommand({ accessToken: token.accessToken }))).rejects.toMatchObject({ name: 'InternalServerException' });
    await portal.send(new ListAccountsCommand({ accessToken: token.accessToken }));
    await world.setFault({ operation: 'ListAccounts', rps: 2 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => portal.send(new ListAccountsCommand({ accessToken: token.accessToken }))));
    expect(results.filter((r) => r.status === 'rejected' && (r.reason as Error).name === 'TooManyRequestsException').length).toBeGreaterThanOrEqual(3);
    await world.setFault({ operation: 'GetCallerIdentity', drop: true, times: 1 });
    await expect(stsWith(world.iamUser).send(new GetCallerIdentityCommand({}))).rejects.toThrow();
    await world.setFault({ operation: 'GetCallerIdentity', latencyMs: 300 });
    const t0 = Date.now();
    await stsWith(world.iamUser).send(new GetCallerIdentityCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    await world.clearFaults();
    await world.setClockSkew(600);
    const r = await fetch(world.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    expect(Math.abs(Date.parse(r.headers.get('date')!) - Date.now() - 600_000)).toBeLessThan(5_000);
    await world.setClockSkew(0);
    await world.revokeTokens();
    await expect(portal.send(new ListAccountsCommand({ accessToken: token.accessToken }))).rejects.toMatchObject({ name: 'UnauthorizedException' });
  });

  it('serves the same controls over HTTP for out-of-process callers', async () => {
    const state = (await (await fetch(`${world.url}/_emulator/state`)).json()) as { startUrl: string; directory: { accounts: unknown[] } };
    expect(state.startUrl).toBe(world.startUrl);
    expect(state.directory.accounts).toHaveLength(5);
    await fetch(`${world.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ operation: 'RegisterClient', status: 500, times: 1 }) });
    await expect(oidc().send(new RegisterClientCommand({ clientName: 'x', clientType: 'public' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 500 } });
    const log = (await (await fetch(`${world.url}/_emulator/log`)).json()) as { operation: string; status: number }[];
    expect(log.at(-1)).toMatchObject({ operation: 'RegisterClient', status: 500 });
    await fetch(`${world.url}/_emulator/faults`, { method: 'DELETE' });
  });
});

describe('auth enforcement', () => {
  it('unknown keys get InvalidClientTokenId, the seeded user works', async () => {
    const strict = await startWorld({ enforceAuth: true });
    try {
      const who = await new STSClient({ region: 'us-east-1', endpoint: strict.url, credentials: strict.iamUser, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe('arn:aws:iam::123456789012:user/alice');
      await expect(new STSClient({ region: 'us-east-1', endpoint: strict.url, credentials: { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'x' }, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
        name: 'InvalidClientTokenId',
      });
    } finally {
      await strict.stop();
    }
  }, 60_000);
});
