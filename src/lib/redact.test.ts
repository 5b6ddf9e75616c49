import { describe, expect, it } from 'vitest';
import { maskKeyId, redact, redactText, registerSecret } from './redact.js';

describe('redaction', () => {
  it('masks secret fields deeply and shortens access key ids', () => {
    const out = redact({
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      nested: [{ refreshToken: 'rt-1234567890' }],
      region: 'us-east-1',
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain('wJalrXUtnFEMI');
    expect(text).not.toContain('rt-1234567890');
    expect(text).toContain('us-east-1');
    expect(out.AccessKeyId).toBe('****************MPLE');
  });

  it('masks registered secrets and key=value pairs inside free text', () => {
    registerSecret('super-secret-value-42');
    const line = redactText('failed with super-secret-value-42 and aws_session_token = FQoGZXIvYXdzEJr');
    expect(line).not.toContain('super-secret-value-42');
    expect(line).not.toContain('FQoGZXIvYXdzEJr');
    expect(line).toContain('aws_session_token');
  });

  it('keeps only the last four characters of a key id', () => {
    expect(maskKeyId('ASIAXXXXXXXXXXXXWXYZ')).toMatch(/^\*+WXYZ$/);
  });
});
