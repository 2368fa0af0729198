/**
 * PolicyDocument → JSON value, in the normalised form (lists stay lists even when one value was written as a
 * string). `parsePolicy(serializePolicy(d))` yields the same document apart from source locations.
 */
import type { LocatedValue, PolicyDocument, PrincipalBlock, Statement } from './ast.js';

export type PolicyJson = Record<string, unknown>;

const values = (v: LocatedValue[]): string[] => v.map((x) => x.value);

function principal(p: PrincipalBlock): unknown {
  if (p.kind === 'any') return '*';
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(p.entries)) if (v) out[k] = values(v);
  return out;
}

function statement(s: Statement): PolicyJson {
  const out: PolicyJson = {};
  if (s.sid !== undefined) out.Sid = s.sid;
  out.Effect = s.effect;
  if (s.principal) out.Principal = principal(s.principal);
  if (s.notPrincipal) out.NotPrincipal = principal(s.notPrincipal);
  if (s.action) out.Action = values(s.action);
  if (s.notAction) out.NotAction = values(s.notAction);
  if (s.resource) out.Resource = values(s.resource);
  if (s.notResource) out.NotResource = values(s.notResource);
  if (s.conditions.length > 0) {
    const cond: Record<string, Record<string, string[]>> = {};
    for (const c of s.conditions) (cond[c.operator] ??= {})[c.key] = values(c.values);
    out.Condition = cond;
  }
  return out;
}

/**
 * @example JSON.stringify(serializePolicy(parsed.document))
 */
export function serializePolicy(d: PolicyDocument): PolicyJson {
  const out: PolicyJson = {};
  if (d.version !== undefined) out.Version = d.version;
  if (d.id !== undefined) out.Id = d.id;
  out.Statement = d.statements.map(statement);
  return out;
}
