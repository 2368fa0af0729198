/**
 * Policy variables as Access Analyzer checks them: `${name}` or `${name, 'default'}`, the escapes `${*}`, `${?}`,
 * `${$}`, only in Resource, NotResource and Condition values, and only in documents of Version 2012-10-17.
 */
import type { LocatedValue } from '../ast.js';
import { report, type Ctx } from './context.js';
import type { IssueCode } from './issues.js';

const NAME = /^[A-Za-z0-9:/_.@-]+$/;

export function hasVariable(s: string): boolean {
  return s.includes('${');
}

/** The first problem of each `${…}` in `s`, with the symbol at fault when there is one. */
export function variableProblems(s: string): Array<{ code: IssueCode; symbol?: string }> {
  const out: Array<{ code: IssueCode; symbol?: string }> = [];
  let at = s.indexOf('${');
  while (at >= 0) {
    const close = s.indexOf('}', at + 2);
    if (close < 0) {
      out.push({ code: 'MISSING_BRACE_IN_VARIABLE' });
      break;
    }
    const inner = s.slice(at + 2, close);
    const p = problem(inner);
    if (p) out.push(p);
    at = s.indexOf('${', close + 1);
  }
  return out;
}

function problem(inner: string): { code: IssueCode; symbol?: string } | undefined {
  if (inner === '*' || inner === '?' || inner === '$') return undefined;
  if (inner.trim() === '') return { code: 'EMPTY_VARIABLE' };
  const comma = inner.indexOf(',');
  const name = comma < 0 ? inner : inner.slice(0, comma);
  if (comma >= 0) {
    const fallback = inner.slice(comma + 1).trim();
    if (fallback.length < 2 || !fallback.startsWith("'") || !fallback.endsWith("'")) return { code: 'MISSING_QUOTE_IN_VARIABLE' };
  }
  if (/\s/.test(name.trim()) || (comma < 0 && name !== name.trim())) return { code: 'UNSUPPORTED_SPACE_IN_VARIABLE' };
  const bad = [...name.trim()].find((ch) => !NAME.test(ch));
  if (bad !== undefined) return { code: 'UNSUPPORTED_SYMBOL_IN_VARIABLE', symbol: bad };
  return undefined;
}

export function checkVariables(ctx: Ctx): void {
  const values: LocatedValue[] = [];
  for (const s of ctx.doc.statements) {
    values.push(...(s.resource ?? []), ...(s.notResource ?? []));
    for (const c of s.conditions) values.push(...c.values);
    for (const p of [s.principal, s.notPrincipal]) {
      if (p?.kind !== 'map') continue;
      for (const vs of Object.values(p.entries)) for (const v of vs) if (hasVariable(v.value)) report(ctx, 'VARIABLE_UNSUPPORTED_IN_ELEMENT', v);
    }
  }
  for (const v of values) {
    if (!hasVariable(v.value)) continue;
    if (ctx.doc.version !== '2012-10-17') {
      report(ctx, 'VARIABLE_UNSUPPORTED_IN_VERSION', v);
      continue;
    }
    for (const p of variableProblems(v.value)) report(ctx, p.code, v, p.symbol ? { symbol: p.symbol } : {});
  }
}
