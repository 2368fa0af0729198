/**
 * @cedar-policy/cedar-wasm (Apache-2.0), the `nodejs` build. The IAM case is translated once into Cedar
 * (see cedar-translate.ts); each request becomes a Cedar request whose entities are the resource (with its
 * ARN) and the action (with the wildcard groups it belongs to). Two rows: the policy set preparsed once
 * (`preparsePolicySet` + `statefulIsAuthorized`, Cedar's compile-once path) and `isAuthorized`, which parses
 * the policy text on every call.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { fullContext, type BenchCase } from '../engine/bench-case.js';
import { globToRegExp } from '../lib/glob.js';
import { cycler, type EngineAdapter, type EngineDecision, type Preparation } from './adapter.js';
import { translateToCedar, Unexpressible, type CedarTranslation, type KeyKind } from './cedar-translate.js';

type CedarValue = cedar.CedarValueJson;

function contextValue(kind: KeyKind | undefined, v: string | string[]): CedarValue | undefined {
  const one = Array.isArray(v) ? v[0] : v;
  switch (kind) {
    case 'set':
      return Array.isArray(v) ? v : [v];
    case 'bool':
      return one?.toLowerCase();
    case 'ip':
      return one === undefined ? undefined : { __extn: { fn: 'ip', arg: one } };
    case 'datetime': {
      if (one === undefined) return undefined;
      const d = /^\d+$/.test(one) ? new Date(Number(one) * 1000) : new Date(one);
      return Number.isNaN(d.getTime()) ? undefined : { __extn: { fn: 'datetime', arg: d.toISOString() } };
    }
    case 'long':
      return one !== undefined && /^-?\d+$/.test(one) ? Number(one) : undefined;
    default:
      return Array.isArray(v) ? (v.length === 1 ? v[0] : v) : v;
  }
}

/** The principal's own variable values: its name and whatever the case puts in every request's context. */
function fixedVariables(c: BenchCase): Map<string, string> {
  const fixed = new Map<string, string>();
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(c.principal);
  if (user?.[1]) fixed.set('aws:username', user[1]);
  for (const [k, v] of Object.entries(c.principalContext)) fixed.set(k.toLowerCase(), v);
  return fixed;
}

interface CedarCase {
  translation: CedarTranslation;
  calls: cedar.AuthorizationCall[];
}

const translations = new Map<string, CedarCase | string>();

function translate(c: BenchCase): CedarCase | string {
  const cached = translations.get(c.id);
  if (cached !== undefined) return cached;
  let result: CedarCase | string;
  try {
    const translation = translateToCedar(c.policies, fixedVariables(c));
    const groups = translation.actionGroups.map((g) => ({ id: g, re: globToRegExp(g, true) }));
    const calls = c.requests.map((r): cedar.AuthorizationCall => {
      const action = r.action.toLowerCase();
      const context: Record<string, CedarValue> = {};
      for (const [k, v] of Object.entries(fullContext(c, r))) {
        const key = k.toLowerCase();
        const cv = contextValue(translation.keyKinds.get(key), v);
        if (cv !== undefined) context[key] = cv;
      }
      return {
        principal: { type: 'User', id: c.principal },
        action: { type: 'Action', id: action },
        resource: { type: 'Resource', id: r.resource },
        context,
        policies: { staticPolicies: translation.text },
        entities: [
          { uid: { type: 'Resource', id: r.resource }, attrs: { arn: r.resource }, parents: [] },
          { uid: { type: 'Action', id: action }, attrs: {}, parents: groups.filter((g) => g.re.test(action)).map((g) => ({ type: 'Action', id: g.id })) },
        ],
      };
    });
    result = { translation, calls };
  } catch (e) {
    if (!(e instanceof Unexpressible)) throw e;
    result = `n/a: ${e.message}`;
  }
  translations.set(c.id, result);
  return result;
}

/** How Cedar expressed the case (or why it couldn't), for the output. */
export function cedarExpression(c: BenchCase): string {
  const t = translate(c);
  return typeof t === 'string' ? t : t.translation.summary;
}

function decisionOf(a: cedar.AuthorizationAnswer): EngineDecision {
  if (a.type === 'failure') return `error: ${a.errors.map((e) => e.message).join('; ')}`;
  const { decision, diagnostics } = a.response;
  if (diagnostics.errors.length > 0) return `error: ${diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`).join('; ')}`;
  if (decision === 'allow') return 'Allowed';
  return diagnostics.reason.length > 0 ? 'ExplicitlyDenied' : 'ImplicitlyDenied';
}

export const cedarPreparsed: EngineAdapter = {
  name: 'cedar-wasm statefulIsAuthorized',
  method: 'cedar-wasm statefulIsAuthorized: policy set preparsed once (preparsePolicySet), request + entities passed per call (synchronous).',
  prepare(c: BenchCase): Preparation {
    const t = translate(c);
    if (typeof t === 'string') return { ok: false, reason: t };
    const id = `gatehouse-bench-${c.id}`;
    const parsed = cedar.preparsePolicySet(id, { staticPolicies: t.translation.text });
    if (parsed.type === 'failure') throw new Error(`Cedar refused the translation of ${c.id}: ${parsed.errors.map((e) => e.message).join('; ')}`);
    const calls: cedar.StatefulAuthorizationCall[] = t.calls.map(({ principal, action, resource, context, entities }) => ({ principal, action, resource, context, entities, preparsedPolicySetId: id }));
    const next = cycler(calls.length);
    return {
      ok: true,
      engine: {
        decide: (i) => decisionOf(cedar.statefulIsAuthorized(calls[i] as cedar.StatefulAuthorizationCall)),
        run: (n) => {
          let s = 0;
          for (let k = 0; k < n; k++) s += (cedar.statefulIsAuthorized(calls[next()] as cedar.StatefulAuthorizationCall) as { type: string }).type.length;
          return s;
        },
      },
    };
  },
};

export const cedarIsAuthorized: EngineAdapter = {
  name: 'cedar-wasm isAuthorized',
  method: 'cedar-wasm isAuthorized: policy text, request and entities passed per call, so Cedar parses the policies on every call (synchronous).',
  prepare(c: BenchCase): Preparation {
    const t = translate(c);
    if (typeof t === 'string') return { ok: false, reason: t };
    const calls = t.calls;
    const next = cycler(calls.length);
    return {
      ok: true,
      engine: {
        decide: (i) => decisionOf(cedar.isAuthorized(calls[i] as cedar.AuthorizationCall)),
        run: (n) => {
          let s = 0;
          for (let k = 0; k < n; k++) s += cedar.isAuthorized(calls[next()] as cedar.AuthorizationCall).type.length;
          return s;
        },
      },
    };
  },
};
