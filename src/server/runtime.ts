/**
 * The composition root: opens the store, loads keys and models, and wires services, enforcement and the
 * HTTP edge together.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createManagedPolicyCatalog } from '../catalog/managed-policies.js';
import { systemIds } from '../crypto/ids.js';
import { hashPassword, verifyPassword } from '../crypto/passwords.js';
import { createSecretBox } from '../crypto/secret-box.js';
import { loadServiceModel } from '../protocol/model/index.js';
import { createSigV4Verifier } from '../protocol/sigv4/index.js';
import { createAccount, type NewAccount } from '../services/account/bootstrap.js';
import { createCredentialResolver, type ResolvedKey } from '../services/auth/credentials.js';
import { createAuthorizer } from '../services/authz/authorizer.js';
import type { Clock } from '../services/deps.js';
import { CACHE_MAX_AGE_MS, Generations } from '../services/generations.js';
import { iamOperations, type IamDeps } from '../services/iam/index.js';
import { stsOperations } from '../services/sts/index.js';
import { ANY_ACCOUNT, type Store } from '../store/contract.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { withReadCache } from '../store/read-cache.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { createSignInChecker } from '../services/auth/passwords.js';
import { createApp, createInvoker, type AppDeps, type EdgeRequest, type EdgeResponse } from './app.js';
import { createAuditSink, type AuditSink } from './audit.js';
import type { ServerConfig } from './config.js';
import { createConsoleRoutes } from './console/console-api.js';
import { defaultConsoleDir, loadStaticFiles } from './console/static-files.js';
import type { Logger } from './logger.js';

export interface Runtime {
  store: Store;
  iamDeps: IamDeps;
  handle: (req: EdgeRequest) => Promise<EdgeResponse>;
  audit: AuditSink;
  /** Creates an account with its root user, Administrators group and admin user. */
  createAccount(opts?: { accountId?: string; rootEmail?: string; rootPassword?: string }): Promise<NewAccount>;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** The master key: from the configuration, else from `<data>/master.key`, generated (0600) on first start. */
function masterKey(config: ServerConfig): Uint8Array {
  if (config.masterKey) return config.masterKey;
  const file = config.masterKeyFile ?? join(config.dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}

export async function openStore(config: ServerConfig, logger?: Logger): Promise<Store> {
  if (config.store === 'sqlite') {
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    return openSqliteStore({ file: join(config.dataDir, 'gatehouse.db') });
  }
  return openPostgresStore({
    connectionString: config.store,
    // The feed reconnects by itself; meanwhile changes other servers make arrive as caches expire.
    onFeedError: (e) => logger?.log('warn', 'the PostgreSQL change feed failed; reconnecting', { error: e.message }),
  });
}

/** Records read outside transactions stay cached this long at most (see CACHE_MAX_AGE_MS). */
const READ_CACHE = { maxAgeMs: CACHE_MAX_AGE_MS, maxEntries: 20_000 };

export async function openRuntime(config: ServerConfig, logger: Logger, clock: Clock = systemClock): Promise<Runtime> {
  const store = withReadCache(await openStore(config, logger), READ_CACHE);
  const secrets = createSecretBox(masterKey(config));
  const generations = new Generations();
  // Several servers on one PostgreSQL: what another one commits rebuilds this one's caches at once.
  store.onExternalChange?.((accountId) => (accountId === ANY_ACCOUNT ? generations.bumpAll() : generations.bump(accountId)));
  const managedPolicies = createManagedPolicyCatalog();
  const iamDeps: IamDeps = { store, clock, ids: systemIds, secrets, managedPolicies, passwords: { hash: hashPassword, verify: verifyPassword } };
  const credentials = createCredentialResolver({ store, secrets, generations });
  const verify = createSigV4Verifier<ResolvedKey>({ services: ['iam', 'sts'], lookup: (id, presented) => credentials.lookup(id, presented) });
  const authorizer = createAuthorizer({ store, managedPolicies, generations, onBadDocument: (where) => logger.log('error', 'stored policy does not parse', { where }) });
  const audit = createAuditSink(store, logger);
  const core: Omit<AppDeps, 'routes'> = {
    models: { iam: loadServiceModel('iam'), sts: loadServiceModel('sts') },
    operations: { iam: iamOperations, sts: stsOperations },
    iamDeps,
    verify,
    noteKeyUse: (key, when, region, service) => credentials.noteUse(key, when, region, service),
    authorizer,
    generations,
    audit,
    logger,
    clock,
    ids: systemIds,
    enforce: config.enforce,
  };
  const consoleRoutes = createConsoleRoutes({
    invoke: createInvoker(core),
    models: core.models,
    iamDeps,
    signIn: createSignInChecker({ store, passwords: iamDeps.passwords, clock, log: (level, msg, fields) => logger.log(level, msg, fields) }),
    resolveCredential: (accessKeyId, sessionToken) => credentials.lookup(accessKeyId, { sessionToken }),
    audit,
    logger,
    files: loadStaticFiles(config.consoleDir ?? defaultConsoleDir()),
  });
  const handle = createApp({
    ...core,
    routes: async (req) => {
      if (req.method === 'GET' && (req.url === '/health' || req.url === '/health/')) {
        return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
      }
      return consoleRoutes(req);
    },
  });
  return {
    store,
    iamDeps,
    handle,
    audit,
    createAccount: (opts = {}) => createAccount(iamDeps, iamOperations, { ...opts, hashPassword }),
    async close() {
      await audit.flush();
      await store.close();
    },
  };
}
