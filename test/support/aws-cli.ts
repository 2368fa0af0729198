/**
 * The real AWS CLI v2 as a test client. On Debian it is the `awscli` package (/usr/bin/aws); a v1 CLI earlier
 * on PATH (pip's) is skipped. Without a v2 CLI the suites skip, except under CI=true where they fail.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';

let found: string | null | undefined;

export function awsCliV2(): string | undefined {
  if (found !== undefined) return found ?? undefined;
  found = null;
  for (const candidate of ['/usr/bin/aws', '/usr/local/bin/aws', 'aws']) {
    try {
      const v = execFileSync(candidate, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (/^aws-cli\/2\./.test(v.trim())) {
        found = candidate;
        break;
      }
    } catch {
      // not this one
    }
  }
  return found ?? undefined;
}

export function awsCliSkipReason(): string | undefined {
  if (awsCliV2() || process.env.CI === 'true') return undefined;
  return 'AWS CLI v2 not found (apt-get install awscli); under CI=true this is a failure';
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json: unknown;
}

type CliCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

function cliEnv(creds: CliCredentials, extraEnv: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    ...(creds.sessionToken ? { AWS_SESSION_TOKEN: creds.sessionToken } : {}),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    ...extraEnv,
  };
}

function result(status: number | null, stdout: string, stderr: string): CliResult {
  let json: unknown;
  try {
    json = stdout.trim() ? JSON.parse(stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { status: status ?? -1, stdout, stderr, json };
}

/** Runs `aws --endpoint-url URL <args>` with the given credentials and no shared config files. Blocks the
 *  event loop: for a server in another process (use {@link awsAsync} for one in this process). */
export function aws(url: string, creds: CliCredentials, args: string[], extraEnv: Record<string, string> = {}): CliResult {
  const bin = awsCliV2();
  if (!bin) throw new Error('AWS CLI v2 is not installed');
  const r = spawnSync(bin, ['--endpoint-url', url, '--output', 'json', ...args], { encoding: 'utf8', env: cliEnv(creds, extraEnv) });
  return result(r.status, r.stdout, r.stderr);
}

/** {@link aws} without blocking the event loop, for a server running in the test's own process. */
export function awsAsync(url: string, creds: CliCredentials, args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  const bin = awsCliV2();
  if (!bin) return Promise.reject(new Error('AWS CLI v2 is not installed'));
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--endpoint-url', url, '--output', 'json', ...args], { env: cliEnv(creds, extraEnv), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve(result(code, stdout, stderr)));
  });
}
