import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { catalogForPolicy } from '../../src/catalog/index.js';
import type { CatalogView } from '../../src/policy/index.js';
import { validatePolicy } from '../../src/policy/index.js';
import { pos } from './validate-helpers.js';

const SEEDS = '/work/shared/seeds';

/** The fenced blocks of a seed; a policy split over a page break spans two consecutive blocks. */
function blocks(text: string): string[] {
  return [...text.matchAll(/```\s*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

function policies(text: string): string[] {
  const bs = blocks(text);
  const out: string[] = [];
  for (let i = 0; i < bs.length; i++) {
    const one = bs[i] ?? '';
    if (isJson(one)) out.push(one);
    else if (i + 1 < bs.length && isJson(one + (bs[i + 1] ?? ''))) out.push(one + (bs[++i] ?? ''));
  }
  return out;
}

function isJson(s: string): boolean {
  try {
    return typeof JSON.parse(s) === 'object';
  } catch {
    return false;
  }
}

const seedFile = readdirSync(SEEDS).find((f) => f.startsWith('004_'));

describe('seed 004: the policies of an IAM set-up guide', { skip: seedFile === undefined }, () => {
  const text = seedFile ? readFileSync(join(SEEDS, seedFile), 'utf8') : '';
  const docs = policies(text);
  let catalogs: CatalogView[] = [];
  before(async () => {
    catalogs = await Promise.all(docs.map((d) => catalogForPolicy(d)));
  });
  it('finds the policies, including the one split over a page break', () => {
    assert.ok(docs.length >= 5, `found ${docs.length}`);
    assert.ok(docs.some((d) => d.includes('iam>DeleteAccessKey')));
  });
  it('flags the typo `iam>DeleteAccessKey` at its place, and IAM would refuse the document', () => {
    const i = docs.findIndex((d) => d.includes('iam>DeleteAccessKey'));
    const doc = docs[i] ?? '';
    const r = validatePolicy(doc, { policyType: 'identity', catalog: catalogs[i] });
    const f = r.findings.find((x) => x.issueCode === 'INVALID_ACTION');
    assert.ok(f);
    assert.equal(f.findingType, 'ERROR');
    const p = pos(doc, '"iam>DeleteAccessKey"');
    assert.equal(f.locations[0]?.span.start.line, p.line);
    assert.equal(f.locations[0]?.span.start.column, p.column);
    assert.match(f.message, /iam:DeleteAccessKey/);
    // The placeholder account is not an account ID.
    assert.ok(r.findings.some((x) => x.issueCode === 'INVALID_ARN_ACCOUNT'));
    assert.equal(r.iamError?.message, 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
  });
  it('the administrator and billing policies have no errors', () => {
    docs.forEach((d, i) => {
      if (!d.includes('"AllowAll"') && !d.includes('AllowViewBilling')) return;
      const r = validatePolicy(d, { policyType: 'identity', catalog: catalogs[i] });
      assert.deepEqual(r.findings.filter((f) => f.findingType === 'ERROR').map((f) => f.issueCode), []);
    });
  });
});
