import { startEmulator, type Emulator } from './server.js';
import { enforceAuth, seedIamUser, seedOrganization, seedSessionRole, startMoto, totpCode, type Moto, type SeededIamUser } from './moto.js';
import { demoDirectory, type Directory } from './directory.js';
import type { Fault } from './faults.js';

/**
 * moto + the emulator, seeded: the local AWS behind the tests, the benches and
 * `tempkey sandbox`. One URL (`url`) reaches every service.
 */
export interface LocalAws {
  url: string;
  motoUrl: string;
  emulator: Emulator;
  directory: Directory;
  iamUser: SeededIamUser;
  totp(): string;
  stop(): Promise<void>;
}

/**
 * Hands out MFA codes the gateway has not seen: it accepts each code once, with
 * one 30-second step of drift either way (as AWS does), so the current, the next
 * and (while it has 10 s left) the previous step's codes are three distinct valid
 * codes. Tests that ask for a few codes in quick succession then never get one
 * refused as reused. Past three in one step it gives the current code again
 * (a caller that hands one code to many processes, or reuses it on purpose).
 */
function freshTotp(secret: string): () => string {
  const issued = new Set<string>();
  const STEP = 30_000;
  return () => {
    const now = Date.now();
    const left = STEP - (now % STEP);
    for (const at of [now, now + STEP, ...(left > 10_000 ? [now - STEP] : [])]) {
      const code = totpCode(secret, at);
      if (!issued.has(code)) {
        issued.add(code);
        return code;
      }
    }
    return totpCode(secret, now);
  };
}

export interface LocalAwsOptions {
  directory?: Directory;
  /** moto refuses unknown or deleted keys (InvalidClientTokenId) once seeding is done ... */
  enforceAuth?: boolean;
  /** ... or after this many more requests (a test's own set-up). */
  unauthenticatedActions?: number;
  /** Check TokenCode on every MFA serial against the seeded device (tests that invent serials). */
  anyMfaSerial?: boolean;
  autoApprove?: boolean | string;
  accessTokenSeconds?: number;
  faults?: Fault[];
  port?: number;
  iamUserName?: string;
}

export async function startLocalAws(opts: LocalAwsOptions = {}): Promise<LocalAws> {
  const moto: Moto = await startMoto();
  try {
    const directory = opts.directory ?? demoDirectory();
    await seedOrganization(moto.url, directory);
    const iamUser = await seedIamUser(moto.url, opts.iamUserName ?? 'alice');
    const service = await seedIamUser(moto.url, 'identity-center-service');
    await seedSessionRole(moto.url);
    if (opts.enforceAuth || opts.unauthenticatedActions !== undefined) await enforceAuth(moto.url, opts.unauthenticatedActions ?? 0);
    const emulator = await startEmulator({
      motoUrl: moto.url,
      directory,
      serviceKeys: service,
      mfaSecrets: { [iamUser.mfaSerial]: iamUser.totpSecret, ...(opts.anyMfaSerial ? { '*': iamUser.totpSecret } : {}) },
      autoApprove: opts.autoApprove,
      accessTokenSeconds: opts.accessTokenSeconds,
      faults: opts.faults,
      port: opts.port,
    });
    return {
      url: emulator.url,
      motoUrl: moto.url,
      emulator,
      directory,
      iamUser,
      totp: freshTotp(iamUser.totpSecret),
      async stop() {
        await emulator.stop();
        await moto.stop();
      },
    };
  } catch (e) {
    await moto.stop();
    throw e;
  }
}
