/** Server settings: command-line flags first, then environment variables, then defaults. */
import { resolve } from 'node:path';
import type { EnforceMode } from './app.js';
import type { Level } from './logger.js';

export const DEFAULT_PORT = 9470;

export interface ServerConfig {
  host: string;
  port: number;
  /** Data directory: the SQLite database, the master key, the first account's credentials. */
  dataDir: string;
  /** `sqlite` (embedded, in the data directory) or a `postgres://…` connection string. */
  store: string;
  /** The master key (32 bytes); when absent it is read from, or generated into, the data directory. */
  masterKey?: Uint8Array;
  masterKeyFile?: string;
  enforce: EnforceMode;
  logLevel: Level;
  /** The built web console (default: console/dist in the package). */
  consoleDir?: string;
}

export interface ConfigFlags {
  host?: string | undefined;
  port?: string | undefined;
  data?: string | undefined;
  store?: string | undefined;
  'master-key-file'?: string | undefined;
  enforce?: string | undefined;
  'log-level'?: string | undefined;
}

export class ConfigError extends Error {}

export function readConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(flags.port ?? env.GATEHOUSE_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a port number, got \`${flags.port ?? env.GATEHOUSE_PORT}\``);
  const enforce = flags.enforce ?? env.GATEHOUSE_ENFORCE ?? 'enforce';
  if (enforce !== 'enforce' && enforce !== 'log') throw new ConfigError('--enforce must be `enforce` or `log`');
  const logLevel = flags['log-level'] ?? env.GATEHOUSE_LOG_LEVEL ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError('--log-level must be debug, info, warn or error');
  const store = flags.store ?? env.GATEHOUSE_STORE ?? 'sqlite';
  if (store !== 'sqlite' && !/^postgres(ql)?:\/\//.test(store)) throw new ConfigError('--store must be `sqlite` or a postgres:// connection string');
  let masterKey: Uint8Array | undefined;
  if (env.GATEHOUSE_MASTER_KEY) {
    masterKey = Buffer.from(env.GATEHOUSE_MASTER_KEY, 'base64');
    if (masterKey.length !== 32) throw new ConfigError('GATEHOUSE_MASTER_KEY must be 32 bytes, base64-encoded');
  }
  const masterKeyFile = flags['master-key-file'] ?? env.GATEHOUSE_MASTER_KEY_FILE;
  return {
    host: flags.host ?? env.GATEHOUSE_HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(flags.data ?? env.GATEHOUSE_DATA ?? 'gatehouse-data'),
    store,
    enforce,
    logLevel: logLevel as Level,
    ...(masterKey ? { masterKey } : {}),
    ...(masterKeyFile ? { masterKeyFile } : {}),
  };
}
