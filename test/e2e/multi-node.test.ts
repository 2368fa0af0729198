/**
 * Two server processes on one database: a change made through one reaches the other's caches within
 * CACHE_MAX_AGE_MS, even though only the first saw the change happen.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { readConfig } from '../../src/server/config.js';
import { listen, type RunningServer } from '../../src/server/http.js';
import { silentLogger } from '../../src/server/logger.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { CACHE_MAX_AGE_MS } from '../../src/services/generations.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nodes-'));
const nodes: { rt: Runtime; http: RunningServer }[] = [];
const clients: IAMClient[] = [];

before(async () => {
  for (let i = 0; i < 2; i++) {
    const rt = await openRuntime(readConfig({ data: dir, port: '0' }, {}), silentLogger);
    nodes.push({ rt, http: await listen(rt.handle, '127.0.0.1', 0, silentLogger) });
  }
});
after(async () => {
  for (const c of clients) c.destroy();
  for (const n of nodes) {
    await n.http.close();
    await n.rt.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

const client = (url: string, creds: { accessKeyId: string; secretAccessKey: string }): IAMClient => {
  const c = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  clients.push(c);
  return c;
};

test('a policy attached through node A takes effect on node B within the cache age', async () => {
  const [a, b] = nodes;
  assert.ok(a && b);
  const account = await a.rt.createAccount();
  const adminA = client(a.http.url, { accessKeyId: account.admin.accessKeyId, secretAccessKey: account.admin.secretAccessKey });
  await adminA.send(new CreateUserCommand({ UserName: 'roamer' }));
  const key = (await adminA.send(new CreateAccessKeyCommand({ UserName: 'roamer' }))).AccessKey;
  const roamerB = client(b.http.url, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
  await assert.rejects(roamerB.send(new ListUsersCommand({})), { name: 'AccessDenied' });
  await adminA.send(new AttachUserPolicyCommand({ UserName: 'roamer', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  await new Promise((r) => setTimeout(r, CACHE_MAX_AGE_MS + 200));
  const listed = await roamerB.send(new ListUsersCommand({}));
  assert.ok(listed.Users?.some((u) => u.UserName === 'roamer'));
});
