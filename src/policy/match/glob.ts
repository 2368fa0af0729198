/**
 * Wildcard patterns as IAM reads them: `*` matches any run of characters (including none, `/` and `:`),
 * `?` matches exactly one character, everything else is literal.
 *
 * A pattern is compiled once into a matcher; the common shapes (exact, prefix, suffix, contains, `*`)
 * get a plain string test and only the rest run the general matcher.
 */

/** One piece of a pattern. Literal pieces may contain `*` and `?` that came from variable values or escapes. */
export type GlobToken = { kind: 'lit'; text: string } | { kind: 'star' } | { kind: 'one' };

/** Splits a pattern string into tokens; `*` and `?` are wildcards. */
export function tokenizeGlob(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let from = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c !== 42 /* * */ && c !== 63 /* ? */) continue;
    if (i > from) tokens.push({ kind: 'lit', text: pattern.slice(from, i) });
    from = i + 1;
    if (c === 63) tokens.push({ kind: 'one' });
    // Consecutive stars are one star.
    else if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
  }
  if (from < pattern.length) tokens.push({ kind: 'lit', text: pattern.slice(from) });
  return tokens;
}

/** Joins adjacent literal tokens (after variable substitution) so the matcher sees maximal literals. */
export function normalizeTokens(tokens: readonly GlobToken[]): GlobToken[] {
  const out: GlobToken[] = [];
  for (const t of tokens) {
    const last = out[out.length - 1];
    if (t.kind === 'lit') {
      if (t.text === '') continue;
      if (last && last.kind === 'lit') out[out.length - 1] = { kind: 'lit', text: last.text + t.text };
      else out.push(t);
    } else if (t.kind === 'star' && last && last.kind === 'star') continue;
    else out.push(t);
  }
  return out;
}

/**
 * General matcher over tokens: greedy with a single backtrack point per star, which is complete for
 * patterns made of literals, `*` and `?` (linear in practice, O(n·m) in the worst case).
 */
export function matchTokens(tokens: readonly GlobToken[], text: string): boolean {
  // Expand to a per-character program: literals compared char by char.
  let ti = 0; // token index
  let li = 0; // offset inside the current literal token
  let si = 0; // position in text
  let starTi = -1;
  let starSi = 0;
  while (si < text.length) {
    const t = tokens[ti];
    if (t !== undefined) {
      if (t.kind === 'lit' && t.text.length === 0) {
        ti++;
        continue;
      }
      if (t.kind === 'lit') {
        if (t.text.charCodeAt(li) === text.charCodeAt(si)) {
          li++;
          si++;
          if (li === t.text.length) {
            ti++;
            li = 0;
          }
          continue;
        }
      } else if (t.kind === 'one') {
        ti++;
        si++;
        continue;
      } else {
        starTi = ti;
        starSi = si;
        ti++;
        li = 0;
        continue;
      }
    }
    if (starTi < 0) return false;
    // Backtrack: let the last star take one more character.
    ti = starTi + 1;
    li = 0;
    si = ++starSi;
  }
  // Text consumed: the rest of the pattern must be stars only, and no literal may be half-matched.
  if (li !== 0) return false;
  for (; ti < tokens.length; ti++) {
    const t = tokens[ti];
    if (t?.kind !== 'star' && !(t?.kind === 'lit' && t.text.length === 0)) return false;
  }
  return true;
}

/** A compiled pattern. */
export type Matcher = (text: string) => boolean;

const always: Matcher = () => true;

/**
 * Compiles tokens into the cheapest matcher for their shape.
 * @example compileGlob(tokenizeGlob('arn:aws:s3:::bucket/*'))('arn:aws:s3:::bucket/a/b') // true
 */
export function compileGlob(tokens: readonly GlobToken[]): Matcher {
  const t = normalizeTokens(tokens);
  const [a, b, c] = t;
  if (t.length === 0) return (s) => s.length === 0;
  if (t.length === 1 && a) {
    if (a.kind === 'star') return always;
    if (a.kind === 'lit') {
      const lit = a.text;
      return (s) => s === lit;
    }
  }
  if (t.length === 2 && a && b) {
    if (a.kind === 'lit' && b.kind === 'star') {
      const lit = a.text;
      return (s) => s.startsWith(lit);
    }
    if (a.kind === 'star' && b.kind === 'lit') {
      const lit = b.text;
      return (s) => s.endsWith(lit);
    }
  }
  if (t.length === 3 && a && b && c && a.kind === 'star' && b.kind === 'lit' && c.kind === 'star') {
    const lit = b.text;
    return (s) => s.includes(lit);
  }
  return (s) => matchTokens(t, s);
}

/** Lower-cases literal text in tokens, for case-insensitive matching. */
export function lowerTokens(tokens: readonly GlobToken[]): GlobToken[] {
  return tokens.map((t) => (t.kind === 'lit' ? { kind: 'lit', text: t.text.toLowerCase() } : t));
}

/** True when the pattern string contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
