import { describe, expect, it } from 'vitest';
import { resolutionVariables } from './resolution-inputs.js';

describe('resolutionVariables', () => {
  it('keeps what resolution reads, secrets by presence, and nothing else', () => {
    const vars = resolutionVariables({
      AWS_PROFILE: 'dev',
      AWS_SECRET_ACCESS_KEY: 'topsecret',
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      TEMPKEY_FILE_PASSPHRASE: 'hunter2',
      TEMPKEY_HOME: '/t',
      HOMEDRIVE: 'C:',
      HOMEPATH: '\\Users\\a',
      WSL_DISTRO_NAME: 'Ubuntu',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      PATH: '/usr/bin',
      TERM: 'xterm',
    });
    expect(vars).toEqual(['AWS_ACCESS_KEY_ID set', 'AWS_PROFILE=dev', 'AWS_SECRET_ACCESS_KEY set', 'HOMEDRIVE=C:', 'HOMEPATH=\\Users\\a', 'TEMPKEY_FILE_PASSPHRASE set', 'TEMPKEY_HOME=/t', 'WSL_DISTRO_NAME=Ubuntu']);
    expect(vars.join(' ')).not.toMatch(/topsecret|hunter2|AKIAEXAMPLE/);
  });
});
