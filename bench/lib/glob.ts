/**
 * An IAM wildcard pattern (`*`, `?`) as a regular expression. The benchmark's own, independent of the engine's
 * matcher: it groups actions for Cedar and computes the expected decisions of generated cases.
 */
export function globToRegExp(pattern: string, ignoreCase: boolean): RegExp {
  let src = '';
  for (const ch of pattern) {
    if (ch === '*') src += '.*';
    else if (ch === '?') src += '.';
    else src += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, (m) => `\\${m}`);
  }
  return new RegExp(`^${src}$`, ignoreCase ? 'is' : 's');
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
