/**
 * Pattern arithmetic on IAM wildcards (`*` any run, `?` one character), for checks that compare two patterns
 * rather than a pattern and a value.
 */

export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

/**
 * Whether some string matches both patterns. Dynamic programming over the two patterns; `*` may consume a run
 * of the other side (literals or `?`), so `s3:Get*` and `s3:*Object` intersect.
 * @example globsIntersect('role/jane*', 'role/*-admin') // true
 */
export function globsIntersect(a: string, b: string, ignoreCase = false): boolean {
  const x = ignoreCase ? a.toLowerCase() : a;
  const y = ignoreCase ? b.toLowerCase() : b;
  const n = x.length;
  const m = y.length;
  // INVARIANT: row[j] says whether x[0..i) and y[0..j) can match the same string.
  let prev: boolean[] = new Array<boolean>(m + 1).fill(false);
  prev[0] = true;
  for (let j = 1; j <= m; j++) prev[j] = (prev[j - 1] ?? false) && y[j - 1] === '*';
  for (let i = 1; i <= n; i++) {
    const cur: boolean[] = new Array<boolean>(m + 1).fill(false);
    const cx = x[i - 1];
    cur[0] = (prev[0] ?? false) && cx === '*';
    for (let j = 1; j <= m; j++) {
      const cy = y[j - 1];
      if (cx === '*' || cy === '*') {
        // A star matches nothing, or eats one more character of the other side and stays.
        const fromX = cx === '*' && ((prev[j] ?? false) || (cur[j - 1] ?? false));
        const fromY = cy === '*' && ((cur[j - 1] ?? false) || (prev[j] ?? false));
        cur[j] = fromX || fromY;
      } else cur[j] = (prev[j - 1] ?? false) && (cx === '?' || cy === '?' || cx === cy);
    }
    prev = cur;
  }
  return prev[m] ?? false;
}

/**
 * Whether the pattern matches the literal text.
 * @example globMatches('iam:Get*', 'iam:GetUser') // true
 */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    const c = p[pi];
    if (c !== undefined && (c === '?' || (c !== '*' && c === t[ti]))) {
      pi++;
      ti++;
    } else if (c === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** `${…}` template parts (catalog ARN templates, policy variables) as `*`. */
export function templateToGlob(s: string): string {
  return s.replace(/\$\{[^}]*\}/g, '*');
}

/** Edit distance, for "did you mean" suggestions. */
export function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** The closest candidate within a third of the word's length, if any. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
