/** Human-readable explanations of decisions. */
import type { Decision, PolicySource, StatementRef } from '../evaluate/request.js';

export function describeSource(s: PolicySource): string {
  switch (s.type) {
    case 'identity':
      return `identity policy #${s.index + 1}`;
    case 'session':
      return s.layer !== undefined ? `scope-down policy #${s.layer + 1}` : `session policy #${s.index + 1}`;
    case 'scp':
      return `SCP #${s.index + 1} at level ${s.level}`;
    case 'rcp':
      return `RCP #${s.index + 1} at level ${s.level}`;
    case 'resource':
      return 'resource-based policy';
    case 'boundary':
      return 'permissions boundary';
  }
}

/** `identity policy #1 (ReadOnly) statement 2 "AllowAll"` */
export function describeStatement(r: StatementRef): string {
  const name = r.policyName ? ` (${r.policyName})` : '';
  const sid = r.sid ? ` "${r.sid}"` : '';
  return `${describeSource(r.source)}${name} statement ${r.statementIndex + 1}${sid}`;
}

const TYPE_NAMES: Record<string, string> = {
  identity: 'identity-based policy',
  resource: 'resource-based policy',
  boundary: 'permissions boundary',
  session: 'session policy',
  scp: 'service control policy',
  rcp: 'resource control policy',
};

/** One line saying why the decision was made. */
export function explainDecision(d: Decision): string {
  const e = d.explanation;
  if (d.decision === 'ExplicitlyDenied') return `explicitly denied by ${e.denies.map(describeStatement).join(', ')}`;
  const missing = e.missingContextKeys.length > 0 ? `; the request lacked ${e.missingContextKeys.map((k) => `\`${k}\``).join(', ')}` : '';
  if (d.decision === 'ImplicitlyDenied') {
    const m = e.missingAllow;
    const layer = m?.layer !== undefined ? ` (scope-down policy #${m.layer + 1})` : '';
    const where = m ? `no ${TYPE_NAMES[m.type] ?? m.type}${m.level !== undefined ? ` at level ${m.level}` : ''}${layer} allows it` : 'nothing allows it';
    return `implicitly denied: ${where}${missing}`;
  }
  return `allowed by ${e.allows.map(describeStatement).join(', ')}`;
}

/** A multi-line trace for `gatehouse policy explain`. */
export function traceLines(d: Decision): string[] {
  const e = d.explanation;
  const lines = [`Decision: ${d.decision}`, `Reason: ${explainDecision(d)}`];
  if (e.crossAccount) lines.push('Cross-account request: both the identity side and the resource-based policy must allow.');
  for (const r of e.denies) lines.push(`  Deny  ${describeStatement(r)}`);
  for (const r of e.allows) lines.push(`  Allow ${describeStatement(r)}`);
  if (e.missingContextKeys.length > 0) lines.push(`Missing context keys: ${e.missingContextKeys.join(', ')}`);
  return lines;
}
