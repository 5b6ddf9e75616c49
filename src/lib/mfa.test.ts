import { describe, expect, it } from 'vitest';
import { getMfaCode } from './mfa.js';

const serial = 'arn:aws:iam::111111111111:mfa/alice';

describe('getMfaCode', () => {
  it('uses --mfa-token once, then asks', async () => {
    const asked: string[] = [];
    const src = { mfaToken: '123456', env: {}, prompt: { ask: async (q: string) => (asked.push(q), '654321') } };
    expect(await getMfaCode(src, { serial })).toBe('123456');
    expect(await getMfaCode(src, { serial })).toBe('654321');
    expect(asked).toEqual([`Enter MFA code for ${serial}: `]);
  });
  it('runs mfa_process without a shell', async () => {
    const src = { env: process.env, prompt: { ask: async () => 'x' } };
    expect(await getMfaCode(src, { serial, profile: 'p', mfaProcess: `node -e "console.log('  000111 ')"` })).toBe('000111');
  });
  it('rejects a code that is not 6 digits', async () => {
    const src = { mfaToken: '12345', env: {}, prompt: { ask: async () => 'x' } };
    await expect(getMfaCode(src, { serial })).rejects.toMatchObject({ code: 'MFA_FORMAT' });
  });
});
