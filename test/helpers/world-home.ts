import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, type World, type WorldOptions } from './world.js';

/** Starts the emulator world and makes an empty temp HOME for it (call in beforeAll). */
export async function startWorldAndHome(prefix: string, opts: WorldOptions = {}): Promise<{ world: World; home: string }> {
  const world = await startWorld(opts);
  return { world, home: mkdtempSync(join(tmpdir(), prefix)) };
}

/** Stops what startWorldAndHome started (call in afterAll; either may be missing if start-up failed). */
export async function stopWorldAndHome(world: World | undefined, home: string | undefined): Promise<void> {
  await world?.stop();
  if (home) rmSync(home, { recursive: true, force: true });
}

/** The id the world's organization gave the account named `name`. */
export function accountId(world: World, name: string): string {
  return world.directory.accounts.find((a) => a.name === name)!.id!;
}
