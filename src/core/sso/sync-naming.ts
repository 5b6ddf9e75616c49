/**
 * Profile names for `tempkey profiles sync`: a template filled per account and
 * role, made safe for a config section header, with collisions resolved the
 * same way on every run (so a re-run never renames anything).
 */
export const DEFAULT_TEMPLATE = '{{account_name}}-{{role_name}}';

export interface NamingInput {
  accountId: string;
  accountName: string;
  roleName: string;
  ssoSession: string;
}

const VARIABLES = ['account_name', 'account_id', 'role_name', 'sso_session'] as const;

/** Returns the template's unknown variables, for a clear --template error. */
export function unknownTemplateVariables(template: string): string[] {
  const used = [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]!);
  return used.filter((v) => !(VARIABLES as readonly string[]).includes(v));
}

export function fillTemplate(template: string, v: NamingInput): string {
  const values: Record<string, string> = {
    account_name: v.accountName,
    account_id: v.accountId,
    role_name: v.roleName,
    sso_session: v.ssoSession,
  };
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, k: string) => values[k] ?? '');
}

/** Lower-case, only [a-z0-9._-], no leading/trailing separators, no runs of '-'. */
export function safeProfileName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * Names for every entry, keyed by `${accountId}/${roleName}`. A name wanted by
 * two entries (or already taken by a section sync does not own) gets the
 * account id appended; if that still collides, a counter, in sorted order.
 */
export function assignProfileNames(entries: NamingInput[], template: string, reserved: ReadonlySet<string>): Map<string, string> {
  const sorted = [...entries].sort((a, b) => cmp(a.accountId, b.accountId) || cmp(a.roleName, b.roleName));
  const wanted = new Map<string, NamingInput[]>();
  for (const e of sorted) {
    let base = safeProfileName(fillTemplate(template, e));
    if (!base) base = safeProfileName(`${e.accountId}-${e.roleName}`);
    const list = wanted.get(base) ?? [];
    list.push(e);
    wanted.set(base, list);
  }
  const taken = new Set(reserved);
  const result = new Map<string, string>();
  // Unique, unreserved names first, so a suffixed name can never steal one of them.
  for (const [base, list] of wanted) {
    if (list.length === 1 && !taken.has(base)) {
      taken.add(base);
      result.set(keyOf(list[0]!), base);
    }
  }
  for (const e of sorted) {
    if (result.has(keyOf(e))) continue;
    const base = safeProfileName(fillTemplate(template, e)) || safeProfileName(`${e.accountId}-${e.roleName}`);
    let name = `${base}-${e.accountId}`;
    for (let n = 2; taken.has(name) || wanted.has(name); n++) name = `${base}-${e.accountId}-${n}`;
    taken.add(name);
    result.set(keyOf(e), name);
  }
  return result;
}

export function keyOf(e: { accountId: string; roleName: string }): string {
  return `${e.accountId}/${e.roleName}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
