/** STS clients and credentials for e2e tests of the federation calls, which AWS's clients send unsigned. */
import assert from 'node:assert/strict';
import { STSClient } from '@aws-sdk/client-sts';
import type { Credentials, LiveServer } from './live-server.js';

/** An STS client that cannot sign: a call it makes reaches the server only if the SDK sends it unsigned. */
export function anonymousSts(s: LiveServer): STSClient {
  return new STSClient({
    endpoint: s.url,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: () => Promise.reject(new Error('this client has no credentials')),
  });
}

/** The credentials of an STS response, all three present. */
export function credsOf(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials {
  assert.ok(c?.AccessKeyId && c.SecretAccessKey && c.SessionToken);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}
