import { describe, expect, it } from 'vitest';
import { stsError } from './sts.js';

// The SDK's error objects carry `name` (the AWS error code), `message` and `$metadata`.
const sdkError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 403 } });
const keys = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'secret' };
const session = { ...keys, accessKeyId: 'ASIAALICEALICEALICE1', sessionToken: 'tok' };
const opts = { region: 'us-east-1', env: {}, profile: 'dev' };

describe('stsError', () => {
  it('AccessDenied on AssumeRole names the role and the identity, never the secret', () => {
    const e = stsError(sdkError('AccessDenied', 'User: arn:aws:iam::111:user/alice is not authorized to perform: sts:AssumeRole'), 'AssumeRole', keys, opts, {
      roleArn: 'arn:aws:iam::222222222222:role/Admin',
    });
    expect(e.code).toBe('ACCESS_DENIED');
    expect(e.message).toContain('arn:aws:iam::222222222222:role/Admin');
    expect(e.message).toContain('****************ICE1');
    expect(e.message).not.toContain('AKIAALICEALICEALICE1');
    expect(e.fix).toMatch(/trust policy/);
  });

  it('a wrong MFA code says so, and how to retry', () => {
    const e = stsError(sdkError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.'), 'GetSessionToken', keys, opts, {
      serialNumber: 'arn:aws:iam::111:mfa/alice',
    });
    expect(e.code).toBe('MFA_INVALID');
    expect(e.message).toContain('arn:aws:iam::111:mfa/alice');
  });

  it('revoked long-term keys point at credentials configure; rejected sessions at logout', () => {
    const k = stsError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.'), 'GetSessionToken', keys, opts);
    expect(k.code).toBe('KEYS_INVALID');
    expect(k.fix).toBe('Create new access keys for the IAM user in the console, then run: tempkey credentials configure --profile dev');
    const s = stsError(sdkError('InvalidClientTokenId', 'The security token included in the request is invalid.'), 'AssumeRole', session, opts);
    expect(s.code).toBe('SESSION_INVALID');
  });

  it('expired tokens, network failures and throttling each get their own message', () => {
    expect(stsError(sdkError('ExpiredToken', 'The security token included in the request is expired'), 'AssumeRole', session, opts).code).toBe('SESSION_EXPIRED');
    const net = stsError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'GetCallerIdentity', keys, {
      ...opts,
      env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9' },
    });
    expect(net.code).toBe('NETWORK');
    expect(net.message).toContain('http://127.0.0.1:9');
    expect(stsError(sdkError('Throttling', 'Rate exceeded'), 'AssumeRole', keys, opts).code).toBe('THROTTLED');
  });
});
