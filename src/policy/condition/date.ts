/** DateEquals, DateNotEquals, DateLessThan(Equals), DateGreaterThan(Equals): ISO-8601 or epoch seconds. */
import { compare, type Comparison } from './numeric.js';
import { anyOf, never, staticMatcher, type ValueMatcher } from './predicate.js';

const EPOCH = /^\d+$/;
const ISO = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Milliseconds since the epoch, or undefined when the text is not a date AWS reads. */
export function parseDate(s: string): number | undefined {
  const t = s.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  if (!ISO.test(t)) return undefined;
  // A date-time without a zone is UTC in AWS, not local time.
  const zoned = t.length > 10 && !/([Zz]|[+-]\d{2}:?\d{2})$/.test(t) ? `${t}Z` : t;
  const ms = Date.parse(zoned.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

export function compileDate(cmp: Comparison, values: string[]): ValueMatcher {
  const dates = values.map(parseDate).filter((n): n is number => n !== undefined);
  if (dates.length === 0) return staticMatcher(never);
  return staticMatcher(
    anyOf(
      dates.map((d) => (c: string) => {
        const x = parseDate(c);
        return x !== undefined && compare(cmp, x, d);
      }),
    ),
  );
}
