/** `gatehouse serve`, `gatehouse init`, `gatehouse account create`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listAccounts, type NewAccount } from '../../services/account/bootstrap.js';
import { ConfigError, readConfig, type ServerConfig } from '../../server/config.js';
import { listen } from '../../server/http.js';
import { createLogger } from '../../server/logger.js';
import { openRuntime } from '../../server/runtime.js';
import type { Output } from '../io.js';

const SERVER_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  store: { type: 'string' },
  'master-key-file': { type: 'string' },
  enforce: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

const ACCOUNT_OPTIONS = {
  ...SERVER_OPTIONS,
  json: { type: 'boolean' },
  'root-email': { type: 'string' },
  'root-password': { type: 'string' },
  'account-id': { type: 'string' },
} as const;

function endpoint(config: ServerConfig): string {
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
}

function describe(a: NewAccount, url: string): string {
  return [
    `Account ${a.accountId}`,
    `  root user:   ${a.root.email} / ${a.root.password}`,
    `  admin user:  ${a.admin.userName} (group Administrators, AdministratorAccess)`,
    `  access key:  ${a.admin.accessKeyId}`,
    `  secret key:  ${a.admin.secretAccessKey}`,
    `  endpoint:    ${url}`,
    '  (the secret key and the root password are shown only now)',
    '',
    `  aws configure set aws_access_key_id ${a.admin.accessKeyId} --profile gatehouse`,
    `  aws configure set aws_secret_access_key ${a.admin.secretAccessKey} --profile gatehouse`,
    `  aws --profile gatehouse --endpoint-url ${url} iam get-user`,
  ].join('\n');
}

function accountJson(a: NewAccount, url: string): string {
  return JSON.stringify({ accountId: a.accountId, root: a.root, admin: a.admin, endpoint: url });
}

async function createAccountCommand(argv: string[], out: Output, firstOnly: boolean): Promise<number> {
  const { values } = parseArgs({ args: argv, options: ACCOUNT_OPTIONS });
  const config = readConfig(values);
  const logger = createLogger((l) => out.stderr(l), 'warn');
  const rt = await openRuntime(config, logger);
  try {
    if (firstOnly && (await listAccounts(rt.store)).length > 0) {
      out.stderr('gatehouse: this deployment already has an account; add another with `gatehouse account create`');
      return 1;
    }
    const a = await rt.createAccount({
      ...(values['root-email'] ? { rootEmail: values['root-email'] } : {}),
      ...(values['root-password'] ? { rootPassword: values['root-password'] } : {}),
      ...(values['account-id'] ? { accountId: values['account-id'] } : {}),
    });
    out.stdout(values.json ? accountJson(a, endpoint(config)) : describe(a, endpoint(config)));
    return 0;
  } finally {
    await rt.close();
  }
}

export function runInit(argv: string[], out: Output): Promise<number> {
  return createAccountCommand(argv, out, true);
}

export function runAccountCreate(argv: string[], out: Output): Promise<number> {
  return createAccountCommand(argv, out, false);
}

export async function runServe(argv: string[], out: Output): Promise<number> {
  const { values } = parseArgs({ args: argv, options: SERVER_OPTIONS });
  let config: ServerConfig;
  try {
    config = readConfig(values);
  } catch (e) {
    if (e instanceof ConfigError) {
      out.stderr(`gatehouse: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const logger = createLogger((l) => process.stderr.write(`${l}\n`), config.logLevel);
  const rt = await openRuntime(config, logger);
  const running = await listen(rt.handle, config.host, config.port, logger);
  if ((await listAccounts(rt.store)).length === 0) {
    const a = await rt.createAccount();
    const file = join(config.dataDir, 'credentials.json');
    writeFileSync(file, accountJson(a, running.url) + '\n', { mode: 0o600 });
    out.stdout(`First start: created account ${a.accountId}; its credentials are in ${file} (mode 0600).`);
  }
  for (const id of await listAccounts(rt.store)) {
    const account = await rt.store.get(id, 'account', '', id);
    const alias = typeof account?.data.Alias === 'string' ? account.data.Alias : undefined;
    out.stdout(`Console sign-in link for account ${id}: ${running.url}/console/${alias ?? id}`);
  }
  out.stdout(`Gatehouse listening on ${running.url} (store: ${config.store === 'sqlite' ? join(config.dataDir, 'gatehouse.db') : 'postgres'}, enforcement: ${config.enforce})`);
  logger.log('info', 'listening', { url: running.url });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      logger.log('info', 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  await rt.close();
  return 0;
}
