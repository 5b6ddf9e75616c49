import { startLocalAws, type LocalAws } from '../../emulator/local-aws.js';
import { generatedDirectory, loadDirectory, type Directory } from '../../emulator/directory.js';
import type { Fault } from '../../emulator/faults.js';
import type { LoggedRequest } from '../../emulator/request-log.js';
import type { SeededIamUser } from '../../emulator/moto.js';

/**
 * The test world: moto + the Identity Center emulator, seeded, on loopback.
 * Every suite that starts one stops it (afterAll), and every wait is bounded.
 */
export interface World {
  /** The gateway: AWS_ENDPOINT_URL for every service. */
  url: string;
  motoUrl: string;
  region: string;
  startUrl: string;
  directory: Directory;
  iamUser: SeededIamUser;
  local: LocalAws;
  /** Environment for a spawned tool: endpoints, no instance metadata, no ambient keys. */
  env(): Record<string, string>;
  totp(): string;
  log(): LoggedRequest[];
  count(operation: string): number;
  clearLog(): void;
  setFault(f: Fault): Promise<void>;
  clearFaults(): Promise<void>;
  revokeTokens(): Promise<void>;
  setAutoApprove(on: boolean, user?: string): Promise<void>;
  setClockSkew(seconds: number): Promise<void>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  accounts?: number;
  roles?: number;
  directoryFile?: string;
  directory?: Directory;
  enforceAuth?: boolean;
  unauthenticatedActions?: number;
  anyMfaSerial?: boolean;
  /** Name of the seeded IAM user (default alice). */
  iamUserName?: string;
  autoApprove?: boolean;
  accessTokenSeconds?: number;
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const directory = opts.directory ?? (opts.directoryFile ? await loadDirectory(opts.directoryFile) : opts.accounts ? generatedDirectory(opts.accounts, opts.roles ?? 3) : undefined);
  const local = await startLocalAws({ directory, enforceAuth: opts.enforceAuth, unauthenticatedActions: opts.unauthenticatedActions, anyMfaSerial: opts.anyMfaSerial, iamUserName: opts.iamUserName, autoApprove: opts.autoApprove, accessTokenSeconds: opts.accessTokenSeconds });
  const em = local.emulator;
  return {
    url: local.url,
    motoUrl: local.motoUrl,
    region: local.directory.region,
    startUrl: local.directory.startUrl,
    directory: local.directory,
    iamUser: local.iamUser,
    local,
    env: () => ({ AWS_ENDPOINT_URL: local.url, AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: local.directory.region }),
    totp: () => local.totp(),
    log: () => em.log.all(),
    count: (op) => em.log.count(op),
    clearLog: () => em.log.clear(),
    setFault: async (f) => em.faults.set(f),
    clearFaults: async () => em.faults.clear(),
    revokeTokens: async () => em.identity.revokeAll(),
    setAutoApprove: async (on, user) => {
      em.autoApproveUser = on ? (user ?? local.directory.users[0]?.userName) : undefined;
    },
    setClockSkew: async (seconds) => {
      em.clockSkewMs = seconds * 1000;
    },
    stop: () => local.stop(),
  };
}
