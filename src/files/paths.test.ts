import { describe, expect, it } from 'vitest';
import { awsDir, expandHome, locateAwsFiles } from './paths.js';

// The platform comes from TEMPKEY_PLATFORM here, as it would from the OS.
describe('where ~/.aws is, per platform', () => {
  it('Windows: under USERPROFILE even with HOME unset, and ~\\ expands like ~/', () => {
    const env = { TEMPKEY_PLATFORM: 'win32', USERPROFILE: '/users/Zoë Öz' };
    expect(awsDir(env)).toBe('/users/Zoë Öz/.aws');
    expect(expandHome('~\\keys\\config', env)).toBe('/users/Zoë Öz/keys\\config');
    expect(locateAwsFiles(env).credentials).toBe('/users/Zoë Öz/.aws/credentials');
  });
  it('Unix: HOME, and USERPROFILE means nothing; ~\\ is a file name there', () => {
    const env = { TEMPKEY_PLATFORM: 'linux', HOME: '/home/zoe', USERPROFILE: '/users/other' };
    expect(awsDir(env)).toBe('/home/zoe/.aws');
    expect(expandHome('~\\x', env)).toBe('~\\x');
    expect(expandHome('~/x', env)).toBe('/home/zoe/x');
  });
});
