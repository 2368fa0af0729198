/** ArnEquals, ArnLike, ArnNotEquals, ArnNotLike: the six ARN components compared one by one, with wildcards. */
import { compileGlob, normalizeTokens, tokenizeGlob, type GlobToken, type Matcher } from '../match/glob.js';
import { resolveGlob, type Template } from '../match/variables.js';
import { staticMatcher, type Predicate, type ValueMatcher } from './predicate.js';

/** Splits `arn:partition:service:region:account:resource` (the resource part may hold colons). */
export function splitArn(s: string): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = s.indexOf(':', from);
    if (at < 0) return undefined;
    out.push(s.slice(from, at));
    from = at + 1;
  }
  out.push(s.slice(from));
  return out[0] === 'arn' ? out : undefined;
}

/** Splits resolved pattern tokens at the first five literal colons. */
function splitTokens(tokens: GlobToken[]): GlobToken[][] | undefined {
  const parts: GlobToken[][] = [[]];
  for (const t of tokens) {
    if (t.kind !== 'lit' || parts.length === 6) {
      parts[parts.length - 1]?.push(t);
      continue;
    }
    let rest = t.text;
    while (parts.length < 6) {
      const at = rest.indexOf(':');
      if (at < 0) break;
      parts[parts.length - 1]?.push({ kind: 'lit', text: rest.slice(0, at) });
      parts.push([]);
      rest = rest.slice(at + 1);
    }
    if (rest) parts[parts.length - 1]?.push({ kind: 'lit', text: rest });
  }
  return parts.length === 6 ? parts.map(normalizeTokens) : undefined;
}

function arnPredicate(tokens: GlobToken[] | undefined): Predicate | undefined {
  const parts = tokens && splitTokens(tokens);
  if (!parts) return undefined;
  const matchers: Matcher[] = parts.map(compileGlob);
  return (c) => {
    const got = splitArn(c);
    if (!got) return false;
    for (let i = 0; i < 6; i++) if (!(matchers[i] as Matcher)(got[i] as string)) return false;
    return true;
  };
}

function predicates(templates: Template[], lookup: Parameters<ValueMatcher['resolve']>[0]): Predicate[] | undefined {
  const out: Predicate[] = [];
  for (const t of templates) {
    const tokens = resolveGlob(t, lookup);
    if (!tokens) return undefined;
    const p = arnPredicate(tokens);
    if (p) out.push(p);
  }
  return out;
}

export function compileArn(templates: Template[]): ValueMatcher {
  const any = (ps: Predicate[]): Predicate => (c) => ps.some((p) => p(c));
  if (!templates.some((t) => t.hasVariables)) return staticMatcher(any(predicates(templates, () => undefined) ?? []));
  return {
    resolve(lookup) {
      const ps = predicates(templates, lookup);
      return ps ? any(ps) : undefined;
    },
  };
}

/** For validation: whether a pattern string has the six ARN components. */
export function isArnPattern(s: string): boolean {
  return splitTokens(tokenizeGlob(s)) !== undefined && s.startsWith('arn:');
}
