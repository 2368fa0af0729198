/** StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike. */
import { compileGlob, matchTokens, normalizeTokens } from '../match/glob.js';
import { resolveGlob, resolveString, type Template } from '../match/variables.js';
import { anyOf, staticMatcher, type Predicate, type ValueMatcher } from './predicate.js';

export type StringMode = 'equals' | 'ignoreCase' | 'like';

function predicateFor(mode: Exclude<StringMode, 'like'>, values: string[]): Predicate {
  if (mode === 'equals') {
    if (values.length === 1) {
      const v = values[0];
      return (c) => c === v;
    }
    const set = new Set(values);
    return (c) => set.has(c);
  }
  const set = new Set(values.map((v) => v.toLowerCase()));
  return (c) => set.has(c.toLowerCase());
}

export function compileString(mode: StringMode, templates: Template[]): ValueMatcher {
  if (!templates.some((t) => t.hasVariables)) {
    const plain = templates.map((t) => resolveString(t, () => undefined) ?? '');
    if (mode !== 'like') return staticMatcher(predicateFor(mode, plain));
    return staticMatcher(anyOf(templates.map((t) => compileGlob(resolveGlob(t, () => undefined) ?? []))));
  }
  return {
    resolve(lookup) {
      if (mode === 'like') {
        const token = templates.map((t) => resolveGlob(t, lookup));
        if (token.some((t) => t === undefined)) return undefined;
        const lists = token.map((t) => normalizeTokens(t ?? []));
        return (c) => lists.some((l) => matchTokens(l, c));
      }
      const vals = templates.map((t) => resolveString(t, lookup));
      if (vals.some((v) => v === undefined)) return undefined;
      return predicateFor(mode, vals as string[]);
    },
  };
}
