/** Principal and NotPrincipal values, and the trust-policy pairing of principal kinds with STS actions. */
import type { LocatedValue, Statement } from '../ast.js';
import { report, type Ctx } from './context.js';
import { globMatches, hasWildcard } from './globs.js';

const ACCOUNT = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:[a-z-]+:(iam|sts)::(\d{12}|aws):.+$/;
const UNIQUE_ID = /^A[A-Z]{3}[A-Z0-9]{16,}$/;

export function checkPrincipals(ctx: Ctx): void {
  for (const s of ctx.doc.statements) {
    for (const p of [s.principal, s.notPrincipal]) {
      if (p?.kind !== 'map') continue;
      for (const v of p.entries.AWS ?? []) checkAws(ctx, v);
      for (const v of [...(p.entries.Service ?? []), ...(p.entries.Federated ?? []), ...(p.entries.CanonicalUser ?? [])]) {
        if (hasWildcard(v.value) && v.value !== '*') report(ctx, 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', v);
      }
    }
    if (ctx.type === 'trust') checkTrustPairing(ctx, s);
  }
}

function checkAws(ctx: Ctx, v: LocatedValue): void {
  const t = v.value;
  if (t === '*') return;
  if (hasWildcard(t)) {
    report(ctx, 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', v);
    return;
  }
  if (t.startsWith('AROA')) report(ctx, 'INVALID_ROLE_REFERENCE', v);
  else if (t.startsWith('AIDA')) report(ctx, 'INVALID_USER_REFERENCE', v);
}

/** Whether IAM accepts `value` as an AWS principal (it also requires the entity to exist, which we can't see here). */
export function awsPrincipalShapeOk(value: string): boolean {
  return value === '*' || ACCOUNT.test(value) || PRINCIPAL_ARN.test(value) || UNIQUE_ID.test(value);
}

/**
 * SAML providers are assumed with sts:AssumeRoleWithSAML, OIDC providers with sts:AssumeRoleWithWebIdentity,
 * AWS and service principals with sts:AssumeRole; a statement whose only grant doesn't fit its only kind of
 * principal can never be used.
 */
function checkTrustPairing(ctx: Ctx, s: Statement): void {
  if (s.effect !== 'Allow' || s.principal?.kind !== 'map' || !s.action) return;
  const entries = Object.entries(s.principal.entries);
  const only = entries.length === 1 ? entries[0] : undefined;
  if (!only) return;
  const [kind, values] = only;
  const saml = kind === 'Federated' && values.every((v) => /:saml-provider\//.test(v.value));
  const oidc = kind === 'Federated' && values.every((v) => !/:saml-provider\//.test(v.value));
  const needed = saml ? 'sts:AssumeRoleWithSAML' : oidc ? 'sts:AssumeRoleWithWebIdentity' : 'sts:AssumeRole';
  const assumeActions = ['sts:AssumeRole', 'sts:AssumeRoleWithSAML', 'sts:AssumeRoleWithWebIdentity'];
  const grants = s.action.map((a) => a.value);
  const grantsNeeded = grants.some((g) => globMatches(g, needed, true));
  const wrong = s.action.filter((a) => assumeActions.some((x) => x !== needed && globMatches(a.value, x, true) && !globMatches(a.value, needed, true)));
  if (!grantsNeeded) {
    for (const a of wrong) report(ctx, 'MISMATCHED_ACTION_FOR_PRINCIPAL', a, { action: a.value, principals: values.map((v) => v.value).join(', ') });
  }
}
