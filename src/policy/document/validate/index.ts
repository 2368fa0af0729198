/**
 * Policy validation: located findings as IAM Access Analyzer's ValidatePolicy reports them, and the error IAM
 * itself would return for the document.
 */
import type { PolicyDocument, PolicyType } from '../ast.js';
import type { CatalogView } from '../catalog-view.js';
import type { Finding, FindingType } from '../finding.js';
import { parsePolicy } from '../parse.js';
import { LineIndex } from '../positions.js';
import { checkActions } from './actions.js';
import { checkConditions } from './conditions.js';
import type { Ctx } from './context.js';
import { iamErrorFor, type IamError } from './iam-error.js';
import { checkPermissive } from './permissive.js';
import { checkPrincipals } from './principals.js';
import { checkResources } from './resources.js';
import { checkCharacters, checkElements, checkRedundantStatements, checkSize, fromParser } from './structure.js';
import { checkVariables } from './variables.js';

export interface ValidateOptions {
  policyType: PolicyType;
  /** Service data; without it, checks that need to know AWS's services, actions and keys are skipped. */
  catalog?: CatalogView;
  /** Overrides the type's size quota, e.g. 2,048 for a user's inline policies. */
  sizeLimit?: number;
  /** The user, group or role an inline policy belongs to; IAM names it in its size error. */
  entityName?: string;
}

export interface ValidateResult {
  /** Present when the document parsed without errors (it can then be compiled and evaluated). */
  document?: PolicyDocument;
  findings: Finding[];
  /** What IAM would answer to CreatePolicy / PutUserPolicy / UpdateAssumeRolePolicy with this document. */
  iamError?: IamError;
}

const ORDER: Record<FindingType, number> = { ERROR: 0, SECURITY_WARNING: 1, WARNING: 2, SUGGESTION: 3 };

/**
 * Validates a policy document (JSON text, or a value) for the given policy type. Never throws.
 * @example
 * const r = validatePolicy('{"Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}}', { policyType: 'identity' });
 * r.findings.map((f) => f.issueCode); // ['MISSING_VERSION', 'PASS_ROLE_WITH_STAR_IN_RESOURCE']
 * r.iamError?.message; // 'Policy document must be version 2012-10-17 or greater.'
 */
export function validatePolicy(input: unknown, options: ValidateOptions): ValidateResult {
  const parsed = parsePolicy(input);
  const findings = fromParser(parsed.findings);
  const doc = parsed.ok ? parsed.document : parsed.partial;
  let iamError: IamError | undefined;
  if (doc) {
    const ctx: Ctx = { doc, type: options.policyType, findings, ...(options.catalog ? { catalog: options.catalog } : {}) };
    const lines = new LineIndex(doc.text);
    checkCharacters(ctx, doc.text, (o) => lines.span(o, 1));
    const size = checkSize(ctx, doc.text, options.sizeLimit);
    checkElements(ctx);
    checkActions(ctx);
    checkResources(ctx);
    checkPrincipals(ctx);
    checkConditions(ctx);
    checkVariables(ctx);
    checkPermissive(ctx);
    checkRedundantStatements(ctx);
    iamError = iamErrorFor({ text: doc.text, type: options.policyType, size, ...(options.sizeLimit !== undefined ? { sizeLimit: options.sizeLimit } : {}), ...(options.entityName ? { entityName: options.entityName } : {}) });
  } else if (options.policyType === 'identity' || options.policyType === 'boundary' || options.policyType === 'trust') {
    iamError = { code: 'MalformedPolicyDocument', message: 'Syntax errors in policy.' };
  }
  const sorted = dedupe(findings).sort((a, b) => offsetOf(a) - offsetOf(b) || ORDER[a.findingType] - ORDER[b.findingType]);
  return { findings: sorted, ...(parsed.ok ? { document: parsed.document } : {}), ...(iamError ? { iamError } : {}) };
}

function offsetOf(f: Finding): number {
  return f.locations[0]?.span.start.offset ?? -1;
}

/** The same issue at the same place once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.issueCode}@${f.locations.map((l) => `${l.span.start.offset}-${l.span.end.offset}`).join(',')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
