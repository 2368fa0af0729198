/**
 * Throw-away PostgreSQL for tests: one cluster per test process, started on first use in a temporary
 * directory (unix socket there too, TCP on a free localhost port), `fsync` off, stopped and removed when the
 * process exits. Each `startPostgres()` gives a fresh empty database on it.
 *
 *   import { postgresSkipReason, startPostgres } from '../support/postgres.js';
 *   describe('postgres', { skip: postgresSkipReason() }, () => {
 *     test('…', async () => { const pg = await startPostgres(); …; await pg.stop(); });
 *   });
 *
 * Needs the server binaries (`initdb`, `pg_ctl`): found through GATEHOUSE_PG_BIN, then PATH, then the usual
 * install folders (/usr/lib/postgresql/<v>/bin, /usr/pgsql-<v>/bin, Homebrew). initdb refuses to run as root,
 * so as root the cluster belongs to the `postgres` user (runuser, else su). Setting
 * GATEHOUSE_TEST_POSTGRES_URL to an existing server's URL uses that server instead (databases are created on
 * it and dropped). Without either, tests skip, except under CI=true, where they fail.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** A fresh, empty database on the throw-away cluster. */
  connectionString: string;
  /** Drops the database (the cluster itself goes at process exit). */
  stop(): Promise<void>;
}

interface Cluster {
  /** URL of the maintenance database, with `{db}` where the database name goes. */
  url(db: string): string;
}

const DIR_PREFIX = 'gatehouse-pg-';
const USER = 'gatehouse';

/** Why PostgreSQL tests can't run here, or undefined when they can. Under CI=true it never gives a reason:
 *  a missing server must fail the tests there, not hide them. */
export function postgresSkipReason(): string | undefined {
  if (process.env.GATEHOUSE_TEST_POSTGRES_URL) return undefined;
  if (findBinDir() !== undefined) return undefined;
  if (process.env.CI === 'true') return undefined;
  return `PostgreSQL server binaries (initdb, pg_ctl) not found; install PostgreSQL or set GATEHOUSE_PG_BIN or GATEHOUSE_TEST_POSTGRES_URL (under CI=true this is a failure)`;
}

let cluster: Promise<Cluster> | undefined;
let databases = 0;

export interface DatabaseOptions {
  /** Appended to CREATE DATABASE, e.g. `TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'`. */
  createOptions?: string;
}

/** A fresh database on this process's cluster (started on first call). */
export async function startPostgres(opts: DatabaseOptions = {}): Promise<TestPostgres> {
  cluster ??= startCluster();
  const c = await cluster;
  const name = `gatehouse_test_${process.pid}_${++databases}`;
  await admin(c, `CREATE DATABASE ${name} ${opts.createOptions ?? ''}`);
  return {
    connectionString: c.url(name),
    stop: () => admin(c, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function admin(c: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: c.url('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startCluster(): Promise<Cluster> {
  const external = process.env.GATEHOUSE_TEST_POSTGRES_URL;
  if (external) {
    return {
      url: (db) => {
        const u = new URL(external);
        u.pathname = `/${db}`;
        return u.toString();
      },
    };
  }
  const bin = findBinDir();
  if (bin === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found, and CI=true requires the PostgreSQL tests to run: install PostgreSQL or set GATEHOUSE_PG_BIN.',
    );
  }
  removeStaleClusters(bin);
  const runAs = serverUser();
  const dir = mkdtempSync(join(tmpdir(), DIR_PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (runAs !== undefined) chownSync(dir, runAs.uid, runAs.gid);
  const data = join(dir, 'data');
  const stop = (): void => {
    run(runAs, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], false);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  }
  run(runAs, join(bin, 'initdb'), ['-D', data, '-U', USER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off',
      '-c full_page_writes=off', '-c max_connections=300'].join(' ');
    const ok = run(runAs, join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], false);
    if (ok) break;
    // Another process may have taken the port between the probe and the start.
    if (attempt === 3) throw new Error(`PostgreSQL did not start:\n${readLog(dir)}`);
  }
  return { url: (db) => `postgresql://${USER}@localhost:${port}/${db}?host=${encodeURIComponent(dir)}` };
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8');
  } catch {
    return '(no server log)';
  }
}

/** Runs a server binary, as the `postgres` user when we are root. Returns whether it succeeded. */
function run(as: ServerUser | undefined, file: string, args: string[], mustSucceed = true): boolean {
  const [cmd, argv] = as === undefined ? [file, args] : as.wrap(file, args);
  const r = spawnSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status === 0) return true;
  if (mustSucceed) throw new Error(`\`${[file, ...args].join(' ')}\` failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  return false;
}

interface ServerUser {
  uid: number;
  gid: number;
  wrap(file: string, args: string[]): [string, string[]];
}

/** initdb and postgres refuse to run as root; then the cluster belongs to `postgres`. */
function serverUser(): ServerUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('Running as root, the PostgreSQL test cluster needs a `postgres` user to own it; none exists.');
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
  const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
  return {
    uid,
    gid,
    wrap: (file, args) =>
      runuser !== undefined
        ? [runuser, ['-u', 'postgres', '--', file, ...args]]
        : ['su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(quote).join(' ')]],
  };
}

function findBinDir(): string | undefined {
  const has = (d: string): boolean => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'));
  const explicit = process.env.GATEHOUSE_PG_BIN;
  if (explicit) return has(explicit) ? explicit : undefined;
  for (const d of (process.env.PATH ?? '').split(delimiter)) if (d && has(d)) return d;
  const versioned = (parent: string, pattern: RegExp, bin: (name: string) => string): string[] => {
    try {
      return readdirSync(parent)
        .filter((n) => pattern.test(n))
        .sort((a, b) => Number(b.replace(/\D+/g, '')) - Number(a.replace(/\D+/g, '')))
        .map((n) => join(parent, bin(n)));
    } catch {
      return [];
    }
  };
  const candidates = [
    ...versioned('/usr/lib/postgresql', /^\d+$/, (n) => join(n, 'bin')),
    ...versioned('/usr', /^pgsql-\d+$/, (n) => join(n, 'bin')),
    ...versioned('/opt/homebrew/opt', /^postgresql@\d+$/, (n) => join(n, 'bin')),
    ...versioned('/usr/local/opt', /^postgresql@\d+$/, (n) => join(n, 'bin')),
    '/usr/local/pgsql/bin',
  ];
  return candidates.find(has);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Clusters left by test processes that were killed before their exit hook ran. */
function removeStaleClusters(bin: string): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(DIR_PREFIX));
  } catch {
    return;
  }
  for (const n of names) {
    const dir = join(tmpdir(), n);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) continue;
    run(serverUser(), join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], false);
    rmSync(dir, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
