import type { Located, PolicyDocument, PolicyType } from '../ast.js';
import type { CatalogView } from '../catalog-view.js';
import type { Finding } from '../finding.js';
import { issue, type IssueCode } from './issues.js';

/** What every check receives; checks only append findings. */
export interface Ctx {
  doc: PolicyDocument;
  type: PolicyType;
  catalog?: CatalogView;
  findings: Finding[];
}

export function report(ctx: Ctx, code: IssueCode, at: Located | Located[] | undefined, v: Record<string, string> = {}): void {
  const locations = at === undefined ? [] : Array.isArray(at) ? at : [at];
  ctx.findings.push(issue(code, locations, v));
}

/** Types whose statements apply to the principal they are attached to, so they name no principal. */
export function isIdentityLike(t: PolicyType): boolean {
  return t === 'identity' || t === 'boundary' || t === 'session';
}
