import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { escapeHtml, sendHtml, sendJson } from './http.js';

/**
 * The console federation endpoint (`/federation`): getSigninToken trades
 * temporary credentials (checked against moto with GetCallerIdentity) for a
 * sign-in token; login redeems it once and shows a stand-in console page
 * naming the identity, so browser tests can see where they landed.
 */
export class Federation {
  private tokens = new Map<string, { arn: string; account: string; expiresAt: number }>();

  constructor(private motoUrl: string) {}

  async handle(res: ServerResponse, url: URL): Promise<{ operation: string; status: number; caller?: string }> {
    const q = url.searchParams;
    const action = q.get('Action');
    if (action === 'getSigninToken') {
      let session: { sessionId?: string; sessionKey?: string; sessionToken?: string };
      try {
        session = JSON.parse(q.get('Session') ?? '');
      } catch {
        sendJson(res, 400, { message: 'Session must be JSON' });
        return { operation: 'GetSigninToken', status: 400 };
      }
      if (!session.sessionId || !session.sessionKey || !session.sessionToken) {
        sendJson(res, 400, { message: 'Session needs sessionId, sessionKey and sessionToken (temporary credentials)' });
        return { operation: 'GetSigninToken', status: 400 };
      }
      const sts = new STSClient({ region: 'us-east-1', endpoint: this.motoUrl, maxAttempts: 1, credentials: { accessKeyId: session.sessionId, secretAccessKey: session.sessionKey, sessionToken: session.sessionToken } });
      try {
        const who = await sts.send(new GetCallerIdentityCommand({}));
        const token = randomBytes(32).toString('base64url');
        const seconds = Math.min(Number(q.get('SessionDuration') ?? 43200) || 43200, 43200);
        this.tokens.set(token, { arn: who.Arn!, account: who.Account!, expiresAt: Date.now() + Math.min(seconds, 900) * 1000 });
        sendJson(res, 200, { SigninToken: token });
        return { operation: 'GetSigninToken', status: 200, caller: session.sessionId };
      } catch {
        sendJson(res, 403, { message: 'The credentials were rejected' });
        return { operation: 'GetSigninToken', status: 403, caller: session.sessionId };
      } finally {
        sts.destroy();
      }
    }
    if (action === 'login') {
      const token = q.get('SigninToken') ?? '';
      const entry = this.tokens.get(token);
      this.tokens.delete(token);
      if (!entry || entry.expiresAt <= Date.now()) {
        sendHtml(res, 400, 'Sign-in failed', '<p id="result">The sign-in token is invalid or expired.</p>');
        return { operation: 'ConsoleLogin', status: 400 };
      }
      const destination = q.get('Destination') ?? 'https://console.aws.amazon.com/';
      sendHtml(
        res,
        200,
        'AWS Management Console (emulator)',
        `<p>Signed in as <span id="arn">${escapeHtml(entry.arn)}</span> in account <span id="account">${escapeHtml(entry.account)}</span>.</p><p>Destination: <span id="destination">${escapeHtml(destination)}</span></p>`,
      );
      return { operation: 'ConsoleLogin', status: 200, caller: entry.arn };
    }
    sendJson(res, 400, { message: `Unknown Action '${action ?? ''}'` });
    return { operation: 'Federation', status: 400 };
  }
}
