/**
 * parse ∘ serialize round-trips: a random valid document, written as JSON text in any layout, parses to the
 * normalised form an independent model predicts; serialising and re-parsing gives the same document; and the
 * engine decides every request the same on the original and the round-tripped document.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compilePolicy, compilePolicySet, evaluate, parsePolicy, serializePolicy, type AuthzRequest, type PolicyDocument, type PrincipalBlock } from '../../src/policy/index.js';
import { layoutArb, policyArb, requestArb, type Json } from './arbitraries.js';
import { settings } from './settings.js';

/** The document without source locations: what must survive a round trip. */
function normalise(d: PolicyDocument): unknown {
  const vals = (v: { value: string }[] | undefined): string[] | undefined => v?.map((x) => x.value);
  const principal = (p: PrincipalBlock | undefined): unknown =>
    p === undefined ? undefined : p.kind === 'any' ? '*' : Object.fromEntries(Object.entries(p.entries).map(([k, v]) => [k, vals(v)]));
  return {
    version: d.version,
    id: d.id,
    statements: d.statements.map((s) => ({
      index: s.index,
      sid: s.sid,
      effect: s.effect,
      action: vals(s.action),
      notAction: vals(s.notAction),
      resource: vals(s.resource),
      notResource: vals(s.notResource),
      principal: principal(s.principal),
      notPrincipal: principal(s.notPrincipal),
      conditions: s.conditions.map((c) => ({ operator: c.operator, key: c.key, values: vals(c.values) })),
    })),
  };
}

/** What the document should read as, computed from the JSON value alone (independent of the parser). */
function model(v: { [k: string]: Json }): unknown {
  const list = (x: Json | undefined): string[] | undefined => (x === undefined ? undefined : (Array.isArray(x) ? x : [x]).map((e) => (typeof e === 'string' ? e : JSON.stringify(e))));
  const principal = (p: Json | undefined): unknown =>
    p === undefined ? undefined : p === '*' ? '*' : Object.fromEntries(Object.entries(p as { [k: string]: Json }).map(([k, x]) => [k, list(x)]));
  const st = v.Statement;
  const statements = (Array.isArray(st) ? st : [st]) as { [k: string]: Json }[];
  return {
    version: v.Version,
    id: v.Id,
    statements: statements.map((s, index) => ({
      index,
      sid: s.Sid,
      effect: s.Effect,
      action: list(s.Action),
      notAction: list(s.NotAction),
      resource: list(s.Resource),
      notResource: list(s.NotResource),
      principal: principal(s.Principal),
      notPrincipal: principal(s.NotPrincipal),
      conditions: Object.entries((s.Condition ?? {}) as { [op: string]: { [k: string]: Json } }).flatMap(([operator, keys]) =>
        Object.entries(keys).map(([key, values]) => ({ operator, key, values: list(values) })),
      ),
    })),
  };
}

function parsed(input: unknown): PolicyDocument {
  const r = parsePolicy(input);
  assert.ok(r.ok, `does not parse: ${JSON.stringify(r.findings)}\n${typeof input === 'string' ? input : JSON.stringify(input)}`);
  return r.document;
}

describe('parse ∘ serialize', () => {
  test('JSON text in any layout parses to the modelled normalised document', () => {
    fc.assert(
      fc.property(policyArb, layoutArb, (v, layout) => {
        assert.deepEqual(normalise(parsed(layout(v))), model(v));
      }),
      settings(800),
    );
  });

  test('a document given as a value reads as the same document given as text', () => {
    fc.assert(
      fc.property(policyArb, layoutArb, (v, layout) => {
        assert.deepEqual(normalise(parsed(v)), normalise(parsed(layout(v))));
      }),
      settings(400),
    );
  });

  test('parsePolicy(serializePolicy(d)) is d, and serializePolicy is a fixed point after one round', () => {
    fc.assert(
      fc.property(policyArb, layoutArb, (v, layout) => {
        const d = parsed(layout(v));
        const s = serializePolicy(d);
        const again = parsed(JSON.stringify(s));
        assert.deepEqual(normalise(again), normalise(d));
        assert.deepEqual(normalise(parsed(s)), normalise(d));
        assert.deepEqual(serializePolicy(again), s);
      }),
      settings(800),
    );
  });

  test('the original and the round-tripped document decide every request the same', () => {
    const now = { 'aws:CurrentTime': '2026-06-15T12:00:00Z', 'aws:EpochTime': '1781524800' };
    fc.assert(
      fc.property(policyArb, fc.array(requestArb, { minLength: 1, maxLength: 8 }), (v, requests) => {
        const original = compilePolicy(parsed(JSON.stringify(v)));
        const round = compilePolicy(parsed(JSON.stringify(serializePolicy(original.document))));
        const roles = [
          (p: typeof original) => compilePolicySet({ identity: [p] }),
          (p: typeof original) => compilePolicySet({ resource: p }),
          (p: typeof original) => compilePolicySet({ identity: [p], boundary: p, scp: [[p]] }),
        ];
        for (const role of roles) {
          const a = role(original);
          const b = role(round);
          for (const r of requests) {
            const req: AuthzRequest = { ...r, context: { ...now, ...r.context } };
            assert.deepEqual(evaluate(b, req), evaluate(a, req), `request ${JSON.stringify(req)}`);
          }
        }
      }),
      settings(400),
    );
  });
});
