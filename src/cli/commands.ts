import type { CommandModule } from './io.js';

/**
 * The command table. Each entry is a lazy import so that starting tempkey
 * loads only the command being run (the credential-process hot path must stay
 * near bare `node` startup). Multi-word commands ("config parse") are keyed
 * with a space.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
};
