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

  it('counts any variable named like a secret by presence, and a secret file path by value', () => {
    const vars = resolutionVariables({
      AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key',
      TEMPKEY_VAULT_PASSWORD: 'pw',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'container-token',
      AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/auth',
    });
    expect(vars).toEqual([
      'AWS_BEARER_TOKEN_BEDROCK set',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN set',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=/var/run/auth',
      'AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/token',
      'TEMPKEY_VAULT_PASSWORD set',
    ]);
  });
});
