import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runValidate } from '../../src/cli/commands/validate.js';

function capture(): { out: { stdout(s: string): void; stderr(s: string): void }; stdout: () => string; stderr: () => string } {
  let o = '';
  let e = '';
  return { out: { stdout: (s) => (o += s), stderr: (s) => (e += s) }, stdout: () => o, stderr: () => e };
}

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-validate-'));
const file = (name: string, body: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  return p;
};

describe('gatehouse policy validate', () => {
  it('prints located findings and a summary, exit 1 on an error', async () => {
    const p = file('bad.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 'iam>DeleteAccessKey'], Resource: '*' }] });
    const c = capture();
    assert.equal(await runValidate([p], c.out), 1);
    assert.match(c.stdout(), new RegExp(`${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:9 ERROR INVALID_ACTION .*\\(\\$\\.Statement\\[0\\]\\.Action\\[1\\]\\)`));
    assert.match(c.stdout(), /1 error\(s\)/);
    assert.match(c.stdout(), /Actions\/Conditions must be prefaced by a vendor/);
  });
  it('exit 0 when only warnings; --json prints the findings', async () => {
    const p = file('warn.json', { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    const c = capture();
    assert.equal(await runValidate([p, '--json'], c.out), 0);
    const findings = JSON.parse(c.stdout()) as Array<{ issueCode: string }>;
    assert.deepEqual(findings.map((f) => f.issueCode), ['MISSING_VERSION']);
  });
  it('--type selects the rules', async () => {
    const p = file('trust.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const ok = capture();
    assert.equal(await runValidate([p, '--type', 'trust'], ok.out), 0);
    const asIdentity = capture();
    assert.equal(await runValidate([p, '--type=identity'], asIdentity.out), 1);
    assert.match(asIdentity.stdout(), /UNSUPPORTED_PRINCIPAL/);
  });
  it('usage errors exit 2', async () => {
    const c = capture();
    assert.equal(await runValidate([], c.out), 2);
    assert.equal(await runValidate(['x.json', '--type', 'nope'], c.out), 2);
    assert.equal(await runValidate([join(dir, 'missing.json')], c.out), 2);
    assert.match(c.stderr(), /usage: gatehouse policy validate/);
  });
});
