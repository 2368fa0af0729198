/** NumericEquals, NumericNotEquals, NumericLessThan(Equals), NumericGreaterThan(Equals). */
import { anyOf, never, staticMatcher, type ValueMatcher } from './predicate.js';

export type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** AWS numbers are integers or decimals written in the usual way; anything else never matches. */
export function parseNumber(s: string): number | undefined {
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : undefined;
}

export function compare(cmp: Comparison, a: number, b: number): boolean {
  switch (cmp) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

export function compileNumeric(cmp: Comparison, values: string[]): ValueMatcher {
  const nums = values.map(parseNumber).filter((n): n is number => n !== undefined);
  if (nums.length === 0) return staticMatcher(never);
  return staticMatcher(
    anyOf(
      nums.map((n) => (c: string) => {
        const x = parseNumber(c);
        return x !== undefined && compare(cmp, x, n);
      }),
    ),
  );
}
