import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';

/**
 * DPoP proofs (RFC 9449) as the AWS Sign-In service wants them for `aws
 * login`: an ES256 JWT carrying the public key (jwk), the HTTP method and URL,
 * signed with the session's EC P-256 key (PEM "EC PRIVATE KEY", as the AWS
 * CLI stores it in the login cache as `dpopKey`).
 */
export function newDpopKeyPem(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return privateKey.export({ format: 'pem', type: 'sec1' }).toString();
}

export function publicJwk(privatePem: string): { kty: 'EC'; crv: 'P-256'; x: string; y: string } {
  const jwk = createPublicKey(createPrivateKey({ key: privatePem, format: 'pem' })).export({ format: 'jwk' }) as { x: string; y: string };
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

export function dpopProof(privatePem: string, method: string, url: string, now = Date.now()): string {
  const key: KeyObject = createPrivateKey({ key: privatePem, format: 'pem' });
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ typ: 'dpop+jwt', alg: 'ES256', jwk: publicJwk(privatePem) })}.${b64({ htm: method, htu: url, iat: Math.floor(now / 1000), jti: randomUUID() })}`;
  // JWS wants r||s, not DER.
  const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}
