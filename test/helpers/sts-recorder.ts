import { totpCode } from '../../emulator/totp.js';
import { startWorld, type World } from './world.js';

/**
 * The IAM-path view of the test world (moto behind the emulator's gateway):
 * the STS/IAM actions it served, in order, the MFA codes it accepts (TOTP,
 * each once, on any serial the test invents; the tests create their own
 * users), and errors injected for the
 * next N calls of an action.
 */
export interface StsWorld {
  url: string;
  world: World;
  actions: () => string[];
  clearActions: () => void;
  totp: () => string;
  /** The next `count` requests for `action` get an AWS error (Throttling 400 by default). */
  failNext: (action: string, count: number, error?: { status: number; code: string; message?: string }) => void;
  /** A well-formed code that is not the current one. */
  wrongTotp: () => string;
  stop: () => Promise<void>;
}

const AWS_QUERY_SERVICES = new Set(['sts', 'iam', 'organizations']);

/** `unauthenticatedActions`: moto enforces IAM auth after that many more requests (the test's own set-up). */
export async function startStsWorld(opts: { unauthenticatedActions?: number } = {}): Promise<StsWorld> {
  const world = await startWorld({ unauthenticatedActions: opts.unauthenticatedActions, anyMfaSerial: true, iamUserName: 'seeded-mfa-user' });
  let since = world.log().length;
  return {
    url: world.url,
    world,
    actions: () => world.log().slice(since).filter((e) => AWS_QUERY_SERVICES.has(e.service) || e.service === 'unknown').map((e) => e.operation),
    clearActions: () => void (since = world.log().length),
    totp: () => world.totp(),
    // Far from the valid codes, and without using up one of them.
    wrongTotp: () => String((Number(totpCode(world.iamUser.totpSecret)) + 500_000) % 1_000_000).padStart(6, '0'),
    failNext: (action, count, error = { status: 400, code: 'Throttling' }) => void world.setFault({ operation: action, status: error.status, code: error.code, times: count }),
    stop: () => world.stop(),
  };
}
