/**
 * Two servers on one database: a change made through one reaches the other's caches within STALENESS_BOUND_MS
 * on SQLite, which can't tell the other server, and at once on PostgreSQL, which does (LISTEN/NOTIFY).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListUsersCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { readConfig } from '../../src/server/config.js';
import { listen, type RunningServer } from '../../src/server/http.js';
import { silentLogger } from '../../src/server/logger.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { STALENESS_BOUND_MS } from '../../src/services/generations.js';
import { backends } from '../support/live-server.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `check` until it passes or `ms` have gone by. */
async function within(ms: number, check: () => Promise<void>): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() - start > ms) throw e;
      await sleep(50);
    }
  }
}

for (const { backend, skip } of backends()) {
  describe(`two servers on one ${backend} database`, { skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-nodes-'));
    const nodes: { rt: Runtime; http: RunningServer }[] = [];
    const clients: IAMClient[] = [];
    let pg: TestPostgres | undefined;

    before(async () => {
      pg = backend === 'postgres' ? await startPostgres() : undefined;
      for (let i = 0; i < 2; i++) {
        const rt = await openRuntime(readConfig({ data: dir, port: '0', ...(pg ? { store: pg.connectionString } : {}) }, {}), silentLogger);
        nodes.push({ rt, http: await listen(rt.handle, '127.0.0.1', 0, silentLogger) });
      }
    });
    after(async () => {
      for (const c of clients) c.destroy();
      for (const n of nodes) {
        await n.http.close();
        await n.rt.close();
      }
      await pg?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const client = (url: string, creds: { accessKeyId: string; secretAccessKey: string }): IAMClient => {
      const c = new IAMClient({ endpoint: url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
      clients.push(c);
      return c;
    };

    /** How long a change made through node A may take to show on node B. */
    const reach = backend === 'postgres' ? 1_000 : STALENESS_BOUND_MS + 500;

    test(`policies and users changed through node A take effect on node B ${backend === 'postgres' ? 'at once' : 'within the cache age'}`, async () => {
      const [a, b] = nodes;
      assert.ok(a && b);
      const account = await a.rt.createAccount();
      const adminA = client(a.http.url, { accessKeyId: account.admin.accessKeyId, secretAccessKey: account.admin.secretAccessKey });
      const adminB = client(b.http.url, { accessKeyId: account.admin.accessKeyId, secretAccessKey: account.admin.secretAccessKey });
      await adminA.send(new CreateUserCommand({ UserName: 'roamer' }));
      const key = (await adminA.send(new CreateAccessKeyCommand({ UserName: 'roamer' }))).AccessKey;
      const roamerB = client(b.http.url, { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      // Node B compiles roamer's (empty) policies and caches the user record.
      await assert.rejects(roamerB.send(new ListUsersCommand({})), { name: 'AccessDenied' });
      assert.equal((await adminB.send(new GetUserCommand({ UserName: 'roamer' }))).User?.Path, '/');

      await adminA.send(new AttachUserPolicyCommand({ UserName: 'roamer', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      await adminA.send(new UpdateUserCommand({ UserName: 'roamer', NewPath: '/moved/' }));
      await within(reach, async () => {
        const listed = await roamerB.send(new ListUsersCommand({}));
        assert.ok(listed.Users?.some((u) => u.UserName === 'roamer'));
        assert.equal((await adminB.send(new GetUserCommand({ UserName: 'roamer' }))).User?.Path, '/moved/');
      });

      await adminA.send(new DetachUserPolicyCommand({ UserName: 'roamer', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      await within(reach, () => assert.rejects(roamerB.send(new ListUsersCommand({})), { name: 'AccessDenied' }));
    });
  });
}
