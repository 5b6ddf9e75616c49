import { describe, expect, it } from 'vitest';
import { FAST_PATH_OPTIONS, LISTING_OPTIONS } from './fast-path.js';
import profilesList from './profiles-list.js';
import { COMMON_FLAGS } from './command.js';
import { COMMON_OPTIONS } from './args.js';
import { CREDENTIAL_OPTIONS } from './credential-flags.js';
import { ENV_OPTIONS } from './env.js';
import { WHOAMI_OPTIONS } from './whoami.js';

// The cached path keeps its own flag lists (importing the commands would load them on
// every call). Each flag it accepts must mean what it means to the command: same name,
// kind and short form. A flag it does not list sends the call to the full command.
const COMMAND_FLAGS: Record<string, Record<string, { type: string; short?: string }>> = {
  'credential-process': { ...COMMON_OPTIONS, ...CREDENTIAL_OPTIONS },
  env: { ...COMMON_OPTIONS, ...ENV_OPTIONS },
  exec: { ...COMMON_OPTIONS, ...CREDENTIAL_OPTIONS },
  whoami: { ...COMMON_OPTIONS, ...WHOAMI_OPTIONS },
};

describe('the cached path parses flags as the commands do', () => {
  COMMAND_FLAGS['profiles list'] = { ...COMMON_FLAGS, ...profilesList.spec.flags };
  for (const [command, options] of Object.entries({ ...FAST_PATH_OPTIONS, 'profiles list': LISTING_OPTIONS })) {
    it(`${command}: every flag it accepts is the command's, with the same kind and short form`, () => {
      for (const [name, spec] of Object.entries(options)) {
        const own = COMMAND_FLAGS[command]![name];
        expect(own, `--${name} is not a flag of tempkey ${command}`).toBeDefined();
        expect({ type: spec.type, short: spec.short }).toEqual({ type: own!.type, short: own!.short });
      }
    });
  }
});
