import type { VariableLookup } from '../match/variables.js';

/** Tests one context value against all of a condition's values (true when any of them matches). */
export type Predicate = (contextValue: string) => boolean;

/**
 * A condition's values, compiled. Values without variables compile to one predicate up front; values with
 * variables resolve per request, and `undefined` means a variable had no value (the condition fails).
 */
export interface ValueMatcher {
  resolve(lookup: VariableLookup): Predicate | undefined;
}

export function staticMatcher(p: Predicate): ValueMatcher {
  return { resolve: () => p };
}

export const never: Predicate = () => false;

/** True when any of the predicates holds. */
export function anyOf(preds: Predicate[]): Predicate {
  if (preds.length === 0) return never;
  if (preds.length === 1 && preds[0]) return preds[0];
  return (c) => {
    for (const p of preds) if (p(c)) return true;
    return false;
  };
}
