export interface PortalAccount {
  accountId: string;
  accountName: string;
  emailAddress: string;
  roles: string[];
}
export interface PortalStandin {
  url: string;
  accounts: Map<string, PortalAccount>;
  issueToken(): string;
  revoke(token: string): void;
  setFaults(f: { latencyMs?: number; rps?: number; burst?: number }): void;
  breakAccount(accountId: string, broken?: boolean): void;
  log(): { op: string; status: number; at: number }[];
  clearLog(): void;
  stop(): Promise<void>;
}
export function startPortal(opts?: {
  accounts?: number | { accountId?: string; accountName: string; roles?: string[] }[];
  rolesPerAccount?: number;
  roleNames?: string[];
  withMoto?: boolean;
  latencyMs?: number;
  rps?: number;
  burst?: number;
  pageSize?: number;
}): Promise<PortalStandin>;
