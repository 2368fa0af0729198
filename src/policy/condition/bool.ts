/** Bool: `true`/`false`, compared case-insensitively. BinaryEquals: base64 values compared as bytes. */
import { anyOf, never, staticMatcher, type ValueMatcher } from './predicate.js';

export function compileBool(values: string[]): ValueMatcher {
  const wanted = new Set<string>(values.map((v) => v.toLowerCase()).filter((v) => v === 'true' || v === 'false'));
  if (wanted.size === 0) return staticMatcher(never);
  return staticMatcher((c) => wanted.has(c.toLowerCase()));
}

function decodeBase64(s: string): string | undefined {
  try {
    return atob(s.trim());
  } catch {
    return undefined;
  }
}

export function compileBinary(values: string[]): ValueMatcher {
  const wanted = values.map(decodeBase64).filter((v): v is string => v !== undefined);
  return staticMatcher(
    anyOf(
      wanted.map((w) => (c: string) => {
        const got = decodeBase64(c);
        return got !== undefined && got === w;
      }),
    ),
  );
}
