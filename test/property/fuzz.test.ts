/**
 * Hostile input: random JSON, mutated valid policies, extreme shapes (deep nesting, huge arrays, long strings,
 * `${` runs, odd unicode), odd requests and contexts, and pathological wildcard patterns. parsePolicy,
 * compilePolicy, evaluate and runSuite must never throw and must finish every single input quickly.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  compileGlob,
  compilePolicy,
  compilePolicySet,
  evaluate,
  parsePolicy,
  parseTemplate,
  runSuite,
  tokenizeGlob,
  type AuthzRequest,
  type CompiledPolicy,
  type ParseResult,
} from '../../src/policy/index.js';
import { contextArb, layoutArb, oddString, policyArb, requestArb, type Json } from './arbitraries.js';
import { settings } from './settings.js';

/**
 * No single input may take longer than this (ms). It catches hangs and blow-ups (a quadratic scan of a 100 KB
 * value takes seconds), not ordinary speed, which the benchmark measures: the bound must hold on a busy
 * 2-core CI machine too.
 */
const BOUND = 1000;
const NOW = new Date('2026-06-15T12:00:00Z');

/**
 * Runs `f` and fails when it throws or takes longer than the bound. A slow first run is retried once, so a
 * garbage collection or JIT pause doesn't count; a genuinely slow input is slow both times.
 */
function quick<T>(label: string, f: () => T): T {
  let start = performance.now();
  let out = f();
  let took = performance.now() - start;
  if (took > BOUND) {
    start = performance.now();
    out = f();
    took = Math.min(took, performance.now() - start);
  }
  assert.ok(took <= BOUND, `${label} took ${took.toFixed(1)} ms (bound ${BOUND} ms)`);
  return out;
}

function describeInput(s: string): string {
  return s.length > 300 ? `${JSON.stringify(s.slice(0, 300))}… (${s.length} chars)` : JSON.stringify(s);
}

/** A parse result is well formed: ok with a document, or not ok with at least one ERROR finding. */
function checkResult(r: ParseResult, input: string): void {
  if (r.ok) assert.ok(Array.isArray(r.document.statements), describeInput(input));
  else assert.ok(r.findings.some((f) => f.findingType === 'ERROR'), `refused without an ERROR finding: ${describeInput(input)}`);
}

const REQUEST: AuthzRequest = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key', context: { 'aws:username': 'alice' } };

/** Parses, compiles in every role and evaluates a few requests, each step bounded. */
function exercise(input: unknown, label: string, requests: readonly AuthzRequest[] = [REQUEST]): void {
  const r = quick(`parsePolicy ${label}`, () => parsePolicy(input));
  checkResult(r, label);
  if (!r.ok) return;
  const p: CompiledPolicy = quick(`compilePolicy ${label}`, () => compilePolicy(r.document));
  const set = quick(`compilePolicySet ${label}`, () => compilePolicySet({ identity: [p], resource: p, boundary: p, session: [p], scp: [[p]], rcp: [[p]] }));
  for (const req of requests) {
    const d = quick(`evaluate ${label} on ${JSON.stringify(req).slice(0, 200)}`, () => evaluate(set, req));
    assert.ok(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'].includes(d.decision));
  }
}

type Mutation = (s: string) => string;
const CHARS = ['"', '{', '}', '[', ']', ',', ':', '\\', '$', '*', '?', '\u0000', '\uD83D', 'é', ' ', '1', 'e', '-', 'n'];
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...CHARS)).map(([at, c]): Mutation => (s) => { const i = at % (s.length || 1); return s.slice(0, i) + c + s.slice(i + 1); }),
  fc.tuple(fc.nat(), fc.nat(7)).map(([at, bit]): Mutation => (s) => { const i = at % (s.length || 1); return s.slice(0, i) + String.fromCharCode((s.charCodeAt(i) || 0) ^ (1 << bit)) + s.slice(i + 1); }),
  fc.nat().map((at): Mutation => (s) => s.slice(0, at % (s.length + 1))),
  fc.tuple(fc.nat(), fc.constantFrom('${', '${aws:username}', '${*}', "${a, 'b'}", '${${}}', '}', '\\u0000', '\\ud800', '"":"",', 'null,')).map(([at, ins]): Mutation => (s) => { const i = at % (s.length + 1); return s.slice(0, i) + ins + s.slice(i); }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (s) => { const i = a % (s.length + 1); const j = b % (s.length + 1); return s.slice(0, Math.min(i, j)) + s.slice(Math.max(i, j)); }),
);

describe('fuzz: parsePolicy', () => {
  test('random JSON values, as values and as text, never throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const text = JSON.stringify(v) ?? 'null';
        checkResult(quick('parsePolicy(value)', () => parsePolicy(v)), text);
        checkResult(quick('parsePolicy(text)', () => parsePolicy(text)), text);
      }),
      settings(1500),
    );
  });

  test('random policy-shaped JSON (known keys, random values) never throws', () => {
    const anyVal = fc.jsonValue({ maxDepth: 3 });
    const statement = fc.dictionary(fc.constantFrom('Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Other'), fc.oneof(anyVal, fc.constantFrom('Allow', 'Deny', '*', 's3:*')));
    const doc = fc.dictionary(fc.constantFrom('Version', 'Id', 'Statement', 'Extra'), fc.oneof(anyVal, statement, fc.array(fc.oneof(statement, anyVal), { maxLength: 3 }), fc.constantFrom('2012-10-17', '2008-10-17')));
    fc.assert(fc.property(doc, requestArb, (d, req) => exercise(d, JSON.stringify(d), [req])), settings(1500));
  });

  test('random strings, including odd unicode, never throw', () => {
    const text = fc.oneof(oddString, fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '"Statement"', '"Effect"', '"Allow"', ' ', '1', 'true', 'null', '\\', '\\u'), { maxLength: 60 }).map((a) => a.join('')));
    fc.assert(fc.property(text, (s) => checkResult(quick('parsePolicy', () => parsePolicy(s)), s)), settings(2000));
  });

  test('mutated valid policies (byte flips, truncations, insertions, cuts) never throw', () => {
    fc.assert(
      fc.property(policyArb, layoutArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), fc.array(requestArb, { maxLength: 3 }), (v, layout, ms, reqs) => {
        const text = ms.reduce((s, m) => m(s), layout(v));
        exercise(text, describeInput(text), [REQUEST, ...reqs]);
      }),
      settings(1200),
    );
  });
});

describe('fuzz: extreme shapes', () => {
  // jsonc-parser recurses, so the engine refuses nesting deeper than any policy needs before parsing.
  for (const depth of [100, 1000, 5000, 10_000, 100_000]) {
    test(`nesting ${depth} deep is a finding, not a crash`, () => {
      const arrays = `{"Version":"2012-10-17","Statement":${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const objects = `${'{"Statement":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const unclosed = '['.repeat(depth);
      for (const s of [arrays, objects, unclosed]) checkResult(quick(`parsePolicy nesting ${depth}`, () => parsePolicy(s)), s);
      const suite = `{"cases":[{"expected":"Allowed","policies":{"identity":[${arrays}]},"request":{"principal":"1","action":"a:b","resource":"*"}}]}`;
      const res = quick(`runSuite nesting ${depth}`, () => runSuite(suite, NOW));
      // Either the file is refused as a whole or its case fails: never a pass, never a throw.
      assert.ok(res.error !== undefined || res.cases[0]?.passed === false);
    });
  }

  test('huge arrays: 20 000 actions, resources, condition values and principals', () => {
    const n = 20_000;
    const many = (f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: many((i) => `s3:Get${i}*`), Resource: many((i) => `arn:aws:s3:::b${i}/*`), Condition: { StringLike: { 'aws:username': many((i) => `u${i}*`) }, IpAddress: { 'aws:SourceIp': many((i) => `10.${i % 256}.0.0/16`) } } },
        { Effect: 'Deny', NotAction: many((i) => `ec2:${i}`), Principal: { AWS: many((i) => `arn:aws:iam::111122223333:user/u${i}`) }, Resource: '*' },
      ],
    };
    const requests: AuthzRequest[] = [
      { principal: 'arn:aws:iam::111122223333:user/u19999', action: 's3:Get19999Object', resource: 'arn:aws:s3:::b19999/k', context: { 'aws:username': 'u19999x', 'aws:SourceIp': '10.7.1.1' } },
      { principal: 'arn:aws:iam::111122223333:user/x', action: 'ec2:1', resource: 'arn:aws:s3:::none', context: { 'aws:SourceIp': Array.from({ length: 5000 }, (_, i) => `192.0.2.${i % 256}`) } },
    ];
    exercise(doc, 'huge arrays', requests);
    exercise(JSON.stringify(Array.from({ length: 50_000 }, () => 1)), 'a top-level array of 50 000');
  });

  test('very long strings (200 000 characters) in every position', () => {
    const long = 'x'.repeat(200_000);
    const doc = { Version: '2012-10-17', Id: long, Statement: [{ Sid: long, Effect: 'Allow', Action: `s3:${long}*`, Resource: `arn:aws:s3:::${long}`, Condition: { StringLike: { [long]: `*${long}*` } } }] };
    exercise(doc, 'long strings', [{ principal: long, action: `s3:${long}`, resource: `arn:aws:s3:::${long}`, context: { [long]: long } }, REQUEST]);
  });

  // Regression: a regex scan for `${…}` rescanned the rest of the value from every unclosed `${` (quadratic).
  test('runs of `${` (and of `${` without a closing brace) compile in linear time', () => {
    for (const n of [1000, 10_000, 50_000]) {
      for (const value of ['${'.repeat(n), `${'${a'.repeat(n)}}`, '${*}'.repeat(n), `${'$'.repeat(n)}{`]) {
        exercise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: value, Condition: { StringLike: { 'aws:username': value } } }] }, `\`${value.slice(0, 8)}…\` × ${n}`);
        quick(`parseTemplate \`${value.slice(0, 8)}…\` × ${n}`, () => parseTemplate(value));
      }
    }
  });

  test('odd unicode: lone surrogates, astral characters, NUL, line separators', () => {
    const odd = ['\uD800', '\uDFFF', '😀', '\u0000', '\u2028\u2029', 'é', 'é', '\uFEFF', '𝒜'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...odd, 'a', '*', '?', ':', '/'), { maxLength: 12 }), fc.array(fc.constantFrom(...odd, 'a', ':', '/'), { maxLength: 12 }), (p, t) => {
        const pattern = p.join('');
        const text = t.join('');
        exercise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: pattern, Resource: pattern, Condition: { StringLike: { [pattern]: pattern } } }] }, describeInput(pattern), [{ principal: text, action: text, resource: text, context: { [pattern]: text } }]);
        const bomText = `\uFEFF${JSON.stringify({ Statement: { Effect: 'Allow', Action: pattern } })}`;
        checkResult(parsePolicy(bomText), bomText);
      }),
      settings(600),
    );
  });
});

describe('fuzz: evaluate with odd requests', () => {
  test('odd principals, actions, resources and contexts never throw', () => {
    const oddContext = fc.dictionary(fc.oneof(oddString, fc.constantFrom('__proto__', 'constructor', 'toString', 'aws:username', 'AWS:SourceIp', 'aws:CurrentTime', 'aws:PrincipalArn')), fc.oneof(oddString, fc.array(oddString, { maxLength: 3 })), { maxKeys: 4 });
    const oddRequest = fc.record({
      principal: fc.oneof(oddString, fc.constantFrom('*', 'anonymous', 'arn:aws:iam::111122223333:root', 'arn:aws:sts::111122223333:assumed-role/', 'arn:aws:sts::111122223333:assumed-role', 'arn:aws:iam::1:user/', 'arn:', 'arn:aws:iam::111122223333:role/a/b/c', '123456789012', 'a.b')),
      action: fc.oneof(oddString, fc.constantFrom('s3:GetObject', ':', 's3:', ':x', '*')),
      resource: fc.oneof(oddString, fc.constantFrom('*', 'arn:aws:s3:::b', 'arn:', 'arn:aws:s3::', 'arn:aws:iam::111122223333:user/alice')),
      resourceAccount: fc.option(fc.oneof(oddString, fc.constantFrom('111122223333', '444455556666')), { nil: undefined }),
      context: fc.oneof(oddContext, contextArb),
    });
    fc.assert(
      fc.property(policyArb, fc.array(oddRequest, { minLength: 1, maxLength: 4 }), (v, reqs) => {
        const requests = reqs.map((r): AuthzRequest => {
          const { resourceAccount, ...rest } = r;
          return resourceAccount === undefined ? rest : { ...rest, resourceAccount };
        });
        exercise(v, JSON.stringify(v), requests);
      }),
      settings(800),
    );
  });
});

describe('fuzz: runSuite', () => {
  test('random suites (valid, mutated and random parts) never throw', () => {
    const anyVal = fc.jsonValue({ maxDepth: 3 });
    const caseArb = fc.record(
      {
        name: fc.oneof(oddString, anyVal),
        policies: fc.oneof(
          anyVal,
          fc.record({ identity: fc.oneof(fc.array(fc.oneof(policyArb, anyVal), { maxLength: 2 }), anyVal), resource: fc.oneof(policyArb, anyVal), boundary: policyArb, session: fc.array(policyArb, { maxLength: 2 }), scp: fc.oneof(fc.array(fc.array(policyArb, { maxLength: 2 }), { maxLength: 2 }), anyVal), rcp: anyVal, other: anyVal }, { requiredKeys: [] }),
        ),
        request: fc.oneof(anyVal, requestArb, fc.record({ principal: anyVal, action: fc.oneof(anyVal, fc.constantFrom('s3:GetObject', 'nocolon')), resource: anyVal, resourceAccount: anyVal, context: fc.oneof(anyVal, contextArb) }, { requiredKeys: [] })),
        expected: fc.oneof(fc.constantFrom('Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'), anyVal),
      },
      { requiredKeys: [] },
    );
    const suiteArb = fc.oneof(
      fc.record({ name: fc.oneof(fc.string(), anyVal), cases: fc.array(fc.oneof(caseArb, anyVal), { maxLength: 3 }) }, { requiredKeys: [] }).map((s) => JSON.stringify(s)),
      anyVal.map((v) => JSON.stringify(v) ?? ''),
    );
    fc.assert(
      fc.property(suiteArb, fc.array(mutationArb, { maxLength: 2 }), (text, ms) => {
        const mutated = ms.reduce((s, m) => m(s), text);
        const res = quick('runSuite', () => runSuite(mutated, NOW));
        assert.ok(Array.isArray(res.cases));
        for (const c of res.cases) assert.equal(typeof c.message, 'string');
      }),
      settings(1000),
    );
  });
});

describe('fuzz: pathological wildcards', () => {
  const R = (n: number) => 'a'.repeat(n);
  test('fixed worst cases stay fast', () => {
    const cases: [string, string][] = [
      ['*a*a*a*a*b', R(10_000)],
      [`${'*a'.repeat(50)}*b`, R(10_000)],
      [`*${R(1000)}b`, R(4096)],
      [`*${'a?'.repeat(500)}b`, R(4096)],
      [`${'*?'.repeat(200)}b`, R(4096)],
      [`*${R(5000)}?b`, R(4096)],
      [`${'?'.repeat(4000)}*b`, R(4096)],
    ];
    for (const [pattern, text] of cases) {
      const label = `${describeInput(pattern)} vs ${text.length} chars`;
      quick(`glob ${label}`, () => compileGlob(tokenizeGlob(pattern))(text));
      exercise({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: [pattern, `s3:${pattern}`], Resource: [pattern, `arn:aws:s3:::${pattern}`], Condition: { StringLike: { 's3:prefix': pattern }, ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${pattern}` } } }] }, label, [
        { principal: 'arn:aws:iam::111122223333:user/a', action: `s3:${text}`, resource: `arn:aws:s3:::${text}`, context: { 's3:prefix': text, 'aws:SourceArn': `arn:aws:s3:::${text}` } },
      ]);
    }
  });

  test('random star-heavy patterns against long texts (≤ 4 KB text, ≤ 10 KB pattern) stay fast', () => {
    const piece = fc.constantFrom('*', '?', 'a', 'aa', 'aaaa', 'ab', 'b', '*a', 'a?');
    const patternArb = fc.tuple(fc.array(piece, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 250 })).map(([ps, rep]) => ps.join('').repeat(rep).slice(0, 10_240));
    const textArb = fc.tuple(fc.integer({ min: 0, max: 4096 }), fc.constantFrom('', 'b', 'ab', 'c')).map(([n, tail]) => R(n) + tail);
    fc.assert(
      fc.property(patternArb, textArb, (p, t) => {
        const m = compileGlob(tokenizeGlob(p));
        quick(`glob ${describeInput(p)} vs ${t.length} chars`, () => m(t));
      }),
      settings(300),
    );
  });
});

/** Keeps `Json` in use for readers of the generators: every generated document is plain JSON. */
export type FuzzedDocument = Json;
