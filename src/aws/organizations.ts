import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { clientConfig } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import type { AwsCredentials } from '../lib/domain.js';

silenceSdkNodeVersionWarning();

/** Organizations ListAccounts (all pages): account ids by name, for Leverage-style projects. */
export async function listOrganizationAccounts(creds: AwsCredentials, opts: { region: string; env: NodeJS.ProcessEnv }): Promise<{ id: string; name: string; email?: string }[]> {
  const client = new OrganizationsClient(clientConfig('organizations', { region: opts.region, env: opts.env, credentials: creds }));
  const out: { id: string; name: string; email?: string }[] = [];
  try {
    let NextToken: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand({ NextToken }));
      for (const a of page.Accounts ?? []) if (a.Id && a.Name) out.push({ id: a.Id, name: a.Name, email: a.Email });
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  } catch (e) {
    const err = e as { name?: string; message?: string };
    throw new TempkeyError('ORGANIZATIONS_FAILED', `Organizations ListAccounts failed: ${err.name ?? 'Error'}: ${err.message ?? ''}`, {
      fix: 'Use keys of the management account (or one delegated for Organizations), or put the account ids in config/common.tfvars (accounts = { name = { id = "..." } }).',
      cause: e,
    });
  } finally {
    client.destroy();
  }
}
