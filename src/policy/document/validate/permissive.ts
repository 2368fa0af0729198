/**
 * Broad grants of iam:PassRole (security warnings) and iam:CreateServiceLinkedRole (general warnings), in the six
 * shapes Access Analyzer distinguishes: explicit action or wildcard action or NotAction, against a wildcard
 * Resource or a NotResource.
 */
import type { Statement } from '../ast.js';
import { report, type Ctx } from './context.js';
import { globMatches, hasWildcard } from './globs.js';
import type { IssueCode } from './issues.js';

interface Shape {
  action: string;
  /** The condition key that scopes the grant enough to silence the star-resource findings. */
  scopingKey?: string;
  codes: { explicitStar: IssueCode; wildStar: IssueCode; notActionStar: IssueCode; explicitNot: IssueCode; wildNot: IssueCode; notActionNot: IssueCode };
}

const SHAPES: Shape[] = [
  {
    action: 'iam:PassRole',
    scopingKey: 'iam:passedtoservice',
    codes: {
      explicitStar: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      wildStar: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE',
      notActionStar: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
      explicitNot: 'PASS_ROLE_WITH_NOT_RESOURCE',
      wildNot: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      notActionNot: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE',
    },
  },
  {
    action: 'iam:CreateServiceLinkedRole',
    scopingKey: 'iam:awsservicename',
    codes: {
      explicitStar: 'CREATE_SLR_WITH_STAR_IN_RESOURCE',
      wildStar: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE',
      notActionStar: 'CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION',
      explicitNot: 'CREATE_SLR_WITH_NOT_RESOURCE',
      wildNot: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE',
      notActionNot: 'CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE',
    },
  },
];

/**
 * A resource that names no particular role: `*`, or an IAM ARN whose role part is all wildcard. Service role
 * naming conventions (`role/aws-service-role/*`, `role/Service*`) are what AWS exempts, so a prefix counts.
 */
function starResource(value: string): boolean {
  if (value === '*') return true;
  const parts = value.split(':');
  const res = parts.slice(5).join(':');
  return parts.length >= 6 && (res === '*' || res === 'role/*' || res === '*role/*');
}

export function checkPermissive(ctx: Ctx): void {
  if (ctx.type === 'scp' || ctx.type === 'rcp' || ctx.type === 'trust') return;
  for (const s of ctx.doc.statements) if (s.effect === 'Allow') for (const shape of SHAPES) checkShape(ctx, s, shape);
}

function checkShape(ctx: Ctx, s: Statement, shape: Shape): void {
  const scoped = shape.scopingKey !== undefined && s.conditions.some((c) => c.key.toLowerCase() === shape.scopingKey);
  let how: 'explicit' | 'wild' | 'not' | undefined;
  let at = s.action?.find((a) => a.value.toLowerCase() === shape.action.toLowerCase());
  if (at) how = 'explicit';
  else {
    at = s.action?.find((a) => hasWildcard(a.value) && globMatches(a.value, shape.action, true));
    if (at) how = 'wild';
    else if (s.notAction && !s.notAction.some((a) => globMatches(a.value, shape.action, true))) how = 'not';
  }
  if (!how) return;
  const loc = at ?? s.located;
  if (s.notResource) {
    // A NotResource that itself excludes every role leaves nothing to pass.
    if (s.notResource.some((r) => starResource(r.value))) return;
    report(ctx, how === 'explicit' ? shape.codes.explicitNot : how === 'wild' ? shape.codes.wildNot : shape.codes.notActionNot, loc);
    return;
  }
  const star = s.resource?.find((r) => starResource(r.value));
  if (!star || scoped) return;
  report(ctx, how === 'explicit' ? shape.codes.explicitStar : how === 'wild' ? shape.codes.wildStar : shape.codes.notActionStar, [loc, star]);
}
