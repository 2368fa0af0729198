/**
 * A real Gatehouse server on loopback for end-to-end tests: a fresh data directory (SQLite) or a fresh
 * database on the throw-away PostgreSQL cluster, one account created the way `gatehouse init` does, and
 * AWS SDK v3 clients configured against it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import type { NewAccount } from '../../src/services/account/bootstrap.js';
import type { Clock } from '../../src/services/deps.js';
import { readConfig } from '../../src/server/config.js';
import { listen } from '../../src/server/http.js';
import { silentLogger } from '../../src/server/logger.js';
import { openRuntime, type Runtime } from '../../src/server/runtime.js';
import { postgresSkipReason, startPostgres } from './postgres.js';

export type Backend = 'sqlite' | 'postgres';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface LiveServer {
  url: string;
  backend: Backend;
  /** The server's data directory (the SQLite database is `gatehouse.db` there). */
  dataDir: string;
  /** The PostgreSQL database, when the backend is postgres. */
  connectionString?: string;
  runtime: Runtime;
  account: NewAccount;
  admin: Credentials;
  iam(creds?: Credentials): IAMClient;
  sts(creds?: Credentials): STSClient;
  /** Another account in the same deployment. */
  createAccount(): Promise<NewAccount>;
  close(): Promise<void>;
}

/** Backends to run e2e suites on: both, unless PostgreSQL can't run here outside CI. */
export function backends(): { backend: Backend; skip: string | undefined }[] {
  return [
    { backend: 'sqlite', skip: undefined },
    { backend: 'postgres', skip: postgresSkipReason() },
  ];
}

export async function startLiveServer(backend: Backend = 'sqlite', options: { enforce?: 'enforce' | 'log'; clock?: Clock } = {}): Promise<LiveServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const pg = backend === 'postgres' ? await startPostgres() : undefined;
  const config = readConfig({ data: dataDir, port: '0', store: pg ? pg.connectionString : 'sqlite', enforce: options.enforce ?? 'enforce' }, {});
  const runtime = await openRuntime(config, silentLogger, options.clock);
  const running = await listen(runtime.handle, '127.0.0.1', 0, silentLogger);
  const account = await runtime.createAccount();
  const admin = { accessKeyId: account.admin.accessKeyId, secretAccessKey: account.admin.secretAccessKey };
  const clients: { destroy(): void }[] = [];
  const common = (creds: Credentials) => ({ endpoint: running.url, region: 'us-east-1', credentials: creds, maxAttempts: 1 });
  return {
    url: running.url,
    backend,
    dataDir,
    ...(pg ? { connectionString: pg.connectionString } : {}),
    runtime,
    account,
    admin,
    iam(creds = admin) {
      const c = new IAMClient(common(creds));
      clients.push(c);
      return c;
    },
    sts(creds = admin) {
      const c = new STSClient(common(creds));
      clients.push(c);
      return c;
    },
    createAccount: () => runtime.createAccount(),
    async close() {
      for (const c of clients) c.destroy();
      await running.close();
      await runtime.close();
      await pg?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
