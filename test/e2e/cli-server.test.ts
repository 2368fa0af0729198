/**
 * The `gatehouse` command as a user runs it: init, account create, serve on an empty data directory (first
 * account and a 0600 credentials file), health, logs without secrets, graceful shutdown on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { aws, awsCliSkipReason } from '../support/aws-cli.js';

const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'bin.js');
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function gatehouse(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('gatehouse init and account create', () => {
  test('init --json prints the documented shape once; a second init refuses', () => {
    const data = tmp();
    const r = gatehouse(['init', '--json', '--data', data]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { accountId: string; root: { email: string; password: string }; admin: { userName: string; accessKeyId: string; secretAccessKey: string }; endpoint: string };
    assert.match(out.accountId, /^\d{12}$/);
    assert.ok(out.root.email.includes('@') && out.root.password.length >= 20);
    assert.equal(out.admin.userName, 'admin');
    assert.match(out.admin.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(out.admin.secretAccessKey.length, 40);
    assert.equal(out.endpoint, 'http://127.0.0.1:9470');
    const again = gatehouse(['init', '--data', data]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already has an account/);
    const second = JSON.parse(gatehouse(['account', 'create', '--json', '--data', data]).stdout) as { accountId: string };
    assert.notEqual(second.accountId, out.accountId);
    // The secret is stored sealed, never in clear.
    assert.equal(readFileSync(join(data, 'gatehouse.db')).includes(Buffer.from(out.admin.secretAccessKey)), false);
  });

  test('bad flags are refused with a usage message', () => {
    const r = gatehouse(['serve', '--port', 'eighty']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port must be a port number/);
  });
});

describe('gatehouse serve', () => {
  test('first start on an empty data directory: account, credentials file 0600, health, SIGTERM', async () => {
    const data = tmp();
    const child = spawn(process.execPath, [bin, 'serve', '--data', data, '--port', '0'], { env: { PATH: process.env.PATH ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no listening line: ${stdout} ${stderr}`)), 15_000);
      const check = (): void => {
        const m = /listening on (http:\/\/\S+)/.exec(stdout);
        if (m?.[1]) {
          clearTimeout(t);
          resolve(m[1]);
        } else setTimeout(check, 50);
      };
      check();
    });
    try {
      const file = join(data, 'credentials.json');
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const creds = JSON.parse(readFileSync(file, 'utf8')) as { admin: { accessKeyId: string; secretAccessKey: string }; accountId: string };
      const health = await fetch(`${url}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'ok' });
      if (!awsCliSkipReason()) {
        const me = aws(url, creds.admin, ['sts', 'get-caller-identity']);
        assert.equal(me.status, 0, me.stderr);
        assert.equal((me.json as { Account: string }).Account, creds.accountId);
      }
      const res = await fetch(url, { method: 'POST', body: 'Action=ListUsers&Version=2010-05-08', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /<Code>MissingAuthenticationToken<\/Code>/);
      assert.equal(stderr.includes(creds.admin.secretAccessKey), false, 'a secret reached the log');
      assert.equal(stdout.includes(creds.admin.secretAccessKey), false, 'a secret reached the output');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 0);
    assert.match(stderr, /shutting down/);
  });
});
