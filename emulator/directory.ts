import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/**
 * The organization the emulator pretends to be: accounts, Identity Center
 * users and groups, permission sets and who is assigned what. Accounts without
 * an id get one from moto Organizations when the world is seeded.
 */
export interface DirectoryAccount {
  id?: string;
  name: string;
  email?: string;
}
export interface DirectoryUser {
  userName: string;
  password: string;
}
export interface DirectoryGroup {
  name: string;
  members: string[];
}
export interface PermissionSet {
  name: string;
  sessionDurationSeconds?: number;
}
export interface Assignment {
  /** Account name or id; '*' for every account. */
  account: string;
  permissionSet: string;
  /** A user name or a group name. */
  principal: string;
}
export interface Directory {
  startUrl: string;
  region: string;
  accounts: DirectoryAccount[];
  users: DirectoryUser[];
  groups: DirectoryGroup[];
  permissionSets: PermissionSet[];
  assignments: Assignment[];
}

/** An https start URL on an AWS-owned host: newer AWS CLIs refuse others (it is never fetched). */
export const DEFAULT_START_URL = 'https://d-9067000000.awsapps.com/start';

/** The demo organization of `tempkey sandbox`, shaped like the Leverage reference architecture. */
export function demoDirectory(): Directory {
  const names = ['management', 'security', 'shared', 'apps-devstg', 'apps-prd'];
  return {
    startUrl: DEFAULT_START_URL,
    region: 'us-east-1',
    accounts: names.map((name) => ({ name, email: `aws+${name}@acme.example.com` })),
    users: [
      { userName: 'alice', password: 'alice-password' },
      { userName: 'bob', password: 'bob-password' },
    ],
    groups: [
      { name: 'devops', members: ['alice'] },
      { name: 'developers', members: ['bob'] },
    ],
    permissionSets: [{ name: 'AdministratorAccess' }, { name: 'DevOps' }, { name: 'ReadOnlyAccess' }],
    assignments: [
      { account: '*', permissionSet: 'DevOps', principal: 'devops' },
      { account: '*', permissionSet: 'ReadOnlyAccess', principal: 'devops' },
      { account: 'management', permissionSet: 'AdministratorAccess', principal: 'alice' },
      { account: 'apps-devstg', permissionSet: 'DevOps', principal: 'developers' },
      { account: 'apps-devstg', permissionSet: 'ReadOnlyAccess', principal: 'developers' },
    ],
  };
}

/** A large generated organization (`--accounts 1000 --roles 3`): every account, the first N permission sets, for everyone. */
export function generatedDirectory(accounts: number, roles: number): Directory {
  const roleNames = ['AdministratorAccess', 'ReadOnlyAccess', 'DevOps', 'Billing', 'SecurityAudit', 'Developer', 'NetworkAdmin', 'DataScientist'];
  const sets = Array.from({ length: roles }, (_, i) => roleNames[i] ?? `Role${i + 1}`);
  return {
    startUrl: DEFAULT_START_URL,
    region: 'us-east-1',
    accounts: Array.from({ length: accounts }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      return { id: String(200000000000 + i + 1), name: `account-${n}`, email: `aws+account-${n}@acme.example.com` };
    }),
    users: [{ userName: 'alice', password: 'alice-password' }],
    groups: [{ name: 'everyone', members: ['alice'] }],
    permissionSets: sets.map((name) => ({ name })),
    assignments: sets.map((permissionSet) => ({ account: '*', permissionSet, principal: 'everyone' })),
  };
}

/** Reads a directory from a JSON or YAML file; missing parts get the demo's defaults. */
export async function loadDirectory(file: string): Promise<Directory> {
  const text = await readFile(file, 'utf8');
  let data: Partial<Directory>;
  try {
    data = (file.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Partial<Directory>;
  } catch (e) {
    throw new Error(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  if (!data || !Array.isArray(data.accounts) || data.accounts.length === 0) throw new Error(`${file}: expected an 'accounts' list`);
  const base = demoDirectory();
  return {
    startUrl: data.startUrl ?? base.startUrl,
    region: data.region ?? base.region,
    accounts: data.accounts,
    users: data.users ?? base.users,
    groups: data.groups ?? [],
    permissionSets: data.permissionSets ?? base.permissionSets,
    assignments: data.assignments ?? [],
  };
}

/** The permission sets (portal "roles") a user may use in an account. */
export function rolesOf(dir: Directory, userName: string, account: DirectoryAccount): string[] {
  const principals = new Set([userName, ...dir.groups.filter((g) => g.members.includes(userName)).map((g) => g.name)]);
  const roles = dir.assignments
    .filter((a) => principals.has(a.principal) && (a.account === '*' || a.account === account.name || a.account === account.id))
    .map((a) => a.permissionSet);
  return [...new Set(roles)].sort();
}

/** Accounts where the user has at least one role, in directory order. */
export function accountsOf(dir: Directory, userName: string): DirectoryAccount[] {
  return dir.accounts.filter((a) => rolesOf(dir, userName, a).length > 0);
}
