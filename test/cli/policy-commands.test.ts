/** `gatehouse policy test` and `gatehouse policy explain` as users run them in CI. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-policy-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += `${s}\n`), stderr: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

const power = { Version: '2012-10-17', Statement: [{ Sid: 'AllowAll', Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'DenyIam', Effect: 'Deny', Action: ['iam:*', 'aws-portal:*'], Resource: '*' }] };
const alice = 'arn:aws:iam::111122223333:user/alice';

describe('gatehouse policy test', () => {
  test('passing suite: the closing line and exit 0', async () => {
    const f = join(dir, 'ok.json');
    writeFileSync(f, JSON.stringify({ name: 'ok', cases: [{ name: 's3', policies: { identity: [power] }, request: { principal: alice, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, expected: 'Allowed' }] }));
    const r = await run(['policy', 'test', f]);
    assert.equal(r.code, 0);
    assert.equal(r.out.trim().split('\n').at(-1), '1 passed, 0 failed');
  });

  test('a failing case names the file, case, both decisions and the deciding statement; exit 1', async () => {
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify({ name: 'bad', cases: [
      { name: 'wrong expectation', policies: { identity: [power] }, request: { principal: alice, action: 'iam:CreateUser', resource: '*' }, expected: 'Allowed' },
      { name: 'broken policy', policies: { identity: [{ Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }] }, request: { principal: alice, action: 's3:GetObject', resource: '*' }, expected: 'Allowed' },
    ] }));
    const r = await run(['policy', 'test', f]);
    assert.equal(r.code, 1);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0] ?? '', /FAIL .*bad\.json › wrong expectation: expected Allowed, got ExplicitlyDenied \(explicitly denied by identity policy #1 statement 2 "DenyIam"\)/);
    assert.match(lines[1] ?? '', /FAIL .*bad\.json › broken policy: `policies.identity\[0\]` is not a valid policy: The `Effect` must be `Allow` or `Deny`\. \(line \d+, column \d+\)/);
    assert.equal(lines.at(-1), '0 passed, 2 failed');
  });

  test('--json gives one result per case', async () => {
    const r = await run(['policy', 'test', '--json', join(dir, 'ok.json')]);
    const j = JSON.parse(r.out) as { passed: number; failed: number; results: { case: string; actual: string }[] };
    assert.equal(j.passed, 1);
    assert.equal(j.results[0]?.actual, 'Allowed');
  });

  test('a file that is not a suite fails without crashing', async () => {
    const f = join(dir, 'garbage.json');
    writeFileSync(f, '{"cases": [');
    const r = await run(['policy', 'test', f]);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAIL .*garbage\.json: not valid JSON/);
  });
});

describe('gatehouse policy explain', () => {
  test('prints the decision and the trace; exit 1 when not allowed', async () => {
    const f = join(dir, 'power.json');
    writeFileSync(f, JSON.stringify(power));
    const r = await run(['policy', 'explain', '--principal', alice, '--action', 'iam:CreateUser', '--resource', 'arn:aws:iam::111122223333:user/bob', '--policy', f]);
    assert.equal(r.code, 1);
    assert.match(r.out, /^Decision: ExplicitlyDenied$/m);
    assert.match(r.out, /Deny {2}identity policy #1 \(.*power\.json\) statement 2 "DenyIam"/);
  });

  test('context keys from the command line reach conditions', async () => {
    const f = join(dir, 'mfa.json');
    writeFileSync(f, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }));
    const without = await run(['policy', 'explain', '--principal', alice, '--action', 's3:GetObject', '--policy', f]);
    assert.equal(without.code, 1);
    assert.match(without.out, /Missing context keys: aws:MultiFactorAuthPresent/);
    const withMfa = await run(['policy', 'explain', '--principal', alice, '--action', 's3:GetObject', '--policy', f, '--context', 'aws:MultiFactorAuthPresent=true']);
    assert.equal(withMfa.code, 0);
  });
});
