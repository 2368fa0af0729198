import assert from 'node:assert/strict';
import type { CatalogView, Finding, FindingType, PolicyType, ValidateResult } from '../../src/policy/index.js';
import { validatePolicy } from '../../src/policy/index.js';

export type Doc = Record<string, unknown>;

/** Pretty-printed so that each element sits on its own line and locations can be asserted. */
export function text(doc: Doc | string): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2);
}

export function run(doc: Doc | string, policyType: PolicyType, catalog?: CatalogView, extra: { sizeLimit?: number; entityName?: string } = {}): ValidateResult {
  return validatePolicy(text(doc), { policyType, ...(catalog ? { catalog } : {}), ...extra });
}

/** 1-based line and column of the first occurrence of `needle`. */
export function pos(t: string, needle: string): { line: number; column: number } {
  const at = t.indexOf(needle);
  assert.ok(at >= 0, `\`${needle}\` not in the document`);
  const before = t.slice(0, at).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

export function codes(r: ValidateResult): string[] {
  return r.findings.map((f) => f.issueCode);
}

/** Asserts one finding of `code` with `severity`, located at `needle` when given; returns it. */
export function expectFinding(r: ValidateResult, doc: Doc | string, code: string, severity: FindingType, needle?: string): Finding {
  const found = r.findings.filter((f) => f.issueCode === code);
  assert.ok(found.length > 0, `expected ${code}; got ${codes(r).join(', ') || 'nothing'}`);
  const t = text(doc);
  const f = needle === undefined ? found[0] : found.find((x) => {
    const p = pos(t, needle);
    const s = x.locations[0]?.span.start;
    return s?.line === p.line && s.column === p.column;
  });
  assert.ok(f, `${code} not at \`${needle}\` (${JSON.stringify(pos(t, needle ?? ''))}); at ${found.map((x) => JSON.stringify(x.locations[0]?.span.start)).join(' ')}`);
  assert.equal(f.findingType, severity);
  return f;
}

export function expectNo(r: ValidateResult, code: string): void {
  assert.ok(!codes(r).includes(code), `did not expect ${code}: ${JSON.stringify(r.findings.filter((f) => f.issueCode === code).map((f) => f.message))}`);
}

export const V = '2012-10-17';

export function identity(statement: Doc, version: string | null = V): Doc {
  return { ...(version ? { Version: version } : {}), Statement: [statement] };
}
