/**
 * The wildcard matcher against slow, obviously-correct references: a recursive backtracking matcher and a
 * regular expression built by escaping. Patterns and texts come from a small alphabet so that matches,
 * near-misses and literal `*`/`?` in the text are all common.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileGlob, compilePolicy, compilePolicySet, evaluate, matchTokens, parsePolicy, tokenizeGlob, type GlobToken } from '../../src/policy/index.js';
import { settings } from './settings.js';

/** A pattern as a list of single-character steps: a literal character, `*` or `?`. */
type Step = { kind: 'char'; c: string } | { kind: 'star' } | { kind: 'one' };

function stepsOfPattern(pattern: string): Step[] {
  return [...pattern].map((c): Step => (c === '*' ? { kind: 'star' } : c === '?' ? { kind: 'one' } : { kind: 'char', c }));
}

/** Tokens (whose literals may hold `*` and `?` taken literally) as steps over UTF-16 code units. */
function stepsOfTokens(tokens: readonly GlobToken[]): Step[] {
  return tokens.flatMap((t): Step[] => (t.kind === 'lit' ? t.text.split('').map((c) => ({ kind: 'char', c })) : [t]));
}

/** Reference 1: plain recursion, trying every split for `*`. Exponential, fine for short inputs. */
function backtrack(steps: readonly Step[], text: string, si = 0, ti = 0): boolean {
  if (si === steps.length) return ti === text.length;
  const s = steps[si] as Step;
  if (s.kind === 'star') {
    for (let k = ti; k <= text.length; k++) if (backtrack(steps, text, si + 1, k)) return true;
    return false;
  }
  if (ti >= text.length) return false;
  if (s.kind === 'one') return backtrack(steps, text, si + 1, ti + 1);
  return s.c === text[ti] && backtrack(steps, text, si + 1, ti + 1);
}

/** Reference 2: a regular expression built by escaping every literal character. */
function viaRegex(steps: readonly Step[], text: string): boolean {
  const body = steps.map((s) => (s.kind === 'star' ? '[\\s\\S]*' : s.kind === 'one' ? '[\\s\\S]' : s.c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`).test(text);
}

function reference(steps: readonly Step[], text: string): boolean {
  const a = backtrack(steps, text);
  const b = viaRegex(steps, text);
  // The two references must agree, or the test itself is wrong.
  assert.equal(a, b, `references disagree on ${JSON.stringify(steps)} / ${JSON.stringify(text)}`);
  return a;
}

const PATTERN_CHARS = ['a', 'b', '*', '?', '/', ':'];
const TEXT_CHARS = ['a', 'b', 'A', '/', ':', '*', '?', '\n'];

const patternArb = fc.array(fc.constantFrom(...PATTERN_CHARS), { maxLength: 10 }).map((cs) => cs.join(''));
const textArb = fc.array(fc.constantFrom(...TEXT_CHARS), { maxLength: 12 }).map((cs) => cs.join(''));

/** A text that the pattern matches (each wildcard replaced by some text), possibly mutated by one edit. */
function instanceOf(pattern: string): fc.Arbitrary<string> {
  const fill = fc.array(fc.array(fc.constantFrom(...TEXT_CHARS), { maxLength: 4 }).map((cs) => cs.join('')), { minLength: pattern.length, maxLength: pattern.length });
  const one = fc.array(fc.constantFrom(...TEXT_CHARS), { minLength: pattern.length, maxLength: pattern.length });
  return fc.tuple(fill, one, fc.option(fc.tuple(fc.nat(), fc.constantFrom('', 'a', '/', 'x')), { nil: undefined })).map(([fills, ones, edit]) => {
    let s = [...pattern].map((c, i) => (c === '*' ? (fills[i] ?? '') : c === '?' ? (ones[i] ?? 'a') : c)).join('');
    if (edit) {
      const at = s.length === 0 ? 0 : edit[0] % (s.length + 1);
      s = s.slice(0, at) + edit[1] + s.slice(at + 1);
    }
    return s;
  });
}

const patternAndText = fc.oneof(
  fc.tuple(patternArb, textArb),
  patternArb.chain((p) => fc.tuple(fc.constant(p), instanceOf(p))),
);

const tokenArb: fc.Arbitrary<GlobToken> = fc.oneof(
  fc.array(fc.constantFrom('a', 'b', '*', '?', '/'), { maxLength: 3 }).map((cs): GlobToken => ({ kind: 'lit', text: cs.join('') })),
  fc.constant<GlobToken>({ kind: 'star' }),
  fc.constant<GlobToken>({ kind: 'one' }),
);
const tokensAndText = fc.array(tokenArb, { maxLength: 6 }).chain((tokens) => {
  const asPattern = stepsOfTokens(tokens)
    .map((s) => (s.kind === 'char' ? (s.c === '*' || s.c === '?' ? 'a' : s.c) : s.kind === 'star' ? '*' : '?'))
    .join('');
  // Texts that hold the literal `*`/`?` of the tokens are the interesting ones.
  const literalText = fc.constant(tokens.map((t) => (t.kind === 'lit' ? t.text : t.kind === 'one' ? 'a' : 'b/')).join(''));
  return fc.tuple(fc.constant(tokens), fc.oneof(textArb, instanceOf(asPattern), literalText));
});

describe('wildcard matcher', () => {
  test('tokenizeGlob + matchTokens agree with the references', () => {
    fc.assert(
      fc.property(patternAndText, ([p, t]) => {
        assert.equal(matchTokens(tokenizeGlob(p), t), reference(stepsOfPattern(p), t), `pattern ${JSON.stringify(p)} text ${JSON.stringify(t)}`);
      }),
      settings(4000),
    );
  });

  test('compileGlob (every fast path) agrees with the references', () => {
    fc.assert(
      fc.property(patternAndText, ([p, t]) => {
        assert.equal(compileGlob(tokenizeGlob(p))(t), reference(stepsOfPattern(p), t), `pattern ${JSON.stringify(p)} text ${JSON.stringify(t)}`);
      }),
      settings(4000),
    );
  });

  test('the fast-path shapes, each on its own', () => {
    const shapes = fc.tuple(fc.constantFrom('', '*'), fc.array(fc.constantFrom('a', 'b', '/', ':'), { maxLength: 4 }).map((c) => c.join('')), fc.constantFrom('', '*', '**'));
    fc.assert(
      fc.property(shapes, textArb, ([pre, lit, post], t) => {
        const p = pre + lit + post;
        assert.equal(compileGlob(tokenizeGlob(p))(t), reference(stepsOfPattern(p), t), `pattern ${JSON.stringify(p)} text ${JSON.stringify(t)}`);
      }),
      settings(1500),
    );
  });

  test('compileGlob on token lists: literal `*` and `?` (from variables and escapes) stay literal', () => {
    fc.assert(
      fc.property(tokensAndText, ([tokens, t]) => {
        assert.equal(compileGlob(tokens)(t), reference(stepsOfTokens(tokens), t), `tokens ${JSON.stringify(tokens)} text ${JSON.stringify(t)}`);
      }),
      settings(3000),
    );
  });

  // Regression: matchTokens once treated an empty literal token as unmatchable.
  test('matchTokens on any token list (empty literals, repeated stars) agrees with the references', () => {
    fc.assert(
      fc.property(tokensAndText, ([tokens, t]) => {
        assert.equal(matchTokens(tokens, t), reference(stepsOfTokens(tokens), t), `tokens ${JSON.stringify(tokens)} text ${JSON.stringify(t)}`);
      }),
      settings(3000),
    );
  });

  test('tokenizeGlob keeps the pattern: joining the tokens back gives the pattern with runs of `*` collapsed', () => {
    fc.assert(
      fc.property(patternArb, (p) => {
        const back = tokenizeGlob(p)
          .map((t) => (t.kind === 'lit' ? t.text : t.kind === 'star' ? '*' : '?'))
          .join('');
        assert.equal(back, p.replace(/\*+/g, '*'));
      }),
      settings(1000),
    );
  });
});

// Tiny policies through the whole engine: Action is matched case-insensitively, Resource case-sensitively.
const PRINCIPAL = 'arn:aws:iam::111122223333:user/alice';

function decide(statement: Record<string, unknown>, action: string, resource: string): string {
  const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });
  assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.findings));
  const set = compilePolicySet({ identity: [compilePolicy(parsed.document)] });
  return evaluate(set, { principal: PRINCIPAL, action, resource }).decision;
}

const actionPatternArb = fc.array(fc.constantFrom('s', 'S', '3', ':', 'g', 'G', 'e', 't', '*', '?'), { minLength: 1, maxLength: 9 }).map((c) => c.join(''));
const actionArb = fc.oneof(
  fc.array(fc.constantFrom('s', 'S', '3', ':', 'g', 'G', 'e', 't'), { minLength: 1, maxLength: 9 }).map((c) => c.join('')),
  fc.constantFrom('s3:GetObject', 'S3:getobject', 's3:Get', 'ec2:RunInstances'),
);

describe('wildcards through evaluate', () => {
  test('Action patterns match case-insensitively', () => {
    fc.assert(
      fc.property(actionPatternArb, fc.oneof(actionArb, actionPatternArb.chain(instanceOf)), (pattern, action) => {
        const expected = reference(stepsOfPattern(pattern.toLowerCase()), action.toLowerCase());
        assert.equal(decide({ Action: pattern, Resource: '*' }, action, 'arn:aws:s3:::b/k'), expected ? 'Allowed' : 'ImplicitlyDenied', `Action ${JSON.stringify(pattern)} request ${JSON.stringify(action)}`);
        assert.equal(decide({ NotAction: pattern, Resource: '*' }, action, 'arn:aws:s3:::b/k'), expected ? 'ImplicitlyDenied' : 'Allowed', `NotAction ${JSON.stringify(pattern)} request ${JSON.stringify(action)}`);
      }),
      settings(1500),
    );
  });

  test('several Action patterns in one group: any match allows (action index: exact, per service, global)', () => {
    fc.assert(
      fc.property(fc.array(actionPatternArb, { minLength: 1, maxLength: 4 }), actionArb, (patterns, action) => {
        const expected = patterns.some((p) => reference(stepsOfPattern(p.toLowerCase()), action.toLowerCase()));
        assert.equal(decide({ Action: patterns, Resource: '*' }, action, '*'), expected ? 'Allowed' : 'ImplicitlyDenied', `Action ${JSON.stringify(patterns)} request ${JSON.stringify(action)}`);
      }),
      settings(1000),
    );
  });

  test('Resource patterns match case-sensitively', () => {
    const resPattern = fc.array(fc.constantFrom('a', 'A', 'b', '/', ':', '*', '?'), { maxLength: 8 }).map((c) => `arn:aws:s3:::${c.join('')}`);
    const resText = fc.array(fc.constantFrom('a', 'A', 'b', '/', ':'), { maxLength: 10 }).map((c) => `arn:aws:s3:::${c.join('')}`);
    fc.assert(
      fc.property(resPattern, fc.oneof(resText, resPattern.chain(instanceOf)), (pattern, resource) => {
        const expected = reference(stepsOfPattern(pattern), resource);
        assert.equal(decide({ Action: 's3:GetObject', Resource: pattern }, 's3:GetObject', resource), expected ? 'Allowed' : 'ImplicitlyDenied', `Resource ${JSON.stringify(pattern)} request ${JSON.stringify(resource)}`);
        assert.equal(decide({ Action: 's3:GetObject', NotResource: pattern }, 's3:GetObject', resource), expected ? 'ImplicitlyDenied' : 'Allowed', `NotResource ${JSON.stringify(pattern)} request ${JSON.stringify(resource)}`);
      }),
      settings(1500),
    );
  });

  test('StringLike matches like Resource (case-sensitive, same wildcards)', () => {
    fc.assert(
      fc.property(patternAndText, ([p, t]) => {
        const parsed = parsePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 's3:prefix': p } } }] });
        assert.ok(parsed.ok);
        const set = compilePolicySet({ identity: [compilePolicy(parsed.document)] });
        const got = evaluate(set, { principal: PRINCIPAL, action: 's3:GetObject', resource: '*', context: { 's3:prefix': t } }).decision;
        assert.equal(got, reference(stepsOfPattern(p), t) ? 'Allowed' : 'ImplicitlyDenied', `StringLike ${JSON.stringify(p)} value ${JSON.stringify(t)}`);
      }),
      settings(1000),
    );
  });
});
