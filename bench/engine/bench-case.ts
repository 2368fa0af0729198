/**
 * What a benchmark case is: the identity policies of one principal and the requests it makes, each with the
 * decision AWS would give. Every engine is checked against those decisions before it is timed.
 */
import type { DecisionKind } from '../../src/policy/index.js';

/** An IAM policy document as JSON (the shape every engine reads). */
export interface PolicyJson {
  Version?: string;
  Statement: StatementJson | StatementJson[];
}

export interface StatementJson {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface NamedPolicy {
  name: string;
  document: PolicyJson;
}

export interface BenchRequest {
  /** Short description shown when engines disagree. */
  label: string;
  action: string;
  resource: string;
  /** Account that owns the resource when the ARN doesn't carry one (S3); defaults to the principal's. */
  resourceAccount?: string;
  context?: Record<string, string | string[]>;
  expected: DecisionKind;
}

export interface BenchCase {
  id: string;
  title: string;
  /** The caller, an IAM user ARN. */
  principal: string;
  /** Context keys that belong to the principal (its tags, its name): the same on every request. */
  principalContext: Record<string, string>;
  /** Identity policies attached to the principal (directly and through its groups). */
  policies: NamedPolicy[];
  requests: BenchRequest[];
  /** When set, only Gatehouse runs the case; the text says why. */
  gatehouseOnly?: string;
}

export const ACCOUNT = '111122223333';

export function statementsOf(doc: PolicyJson): StatementJson[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

export function statementCount(c: BenchCase): number {
  return c.policies.reduce((n, p) => n + statementsOf(p.document).length, 0);
}

/** The request's context as every engine receives it: the principal's keys, then the request's own. */
export function fullContext(c: BenchCase, r: BenchRequest): Record<string, string | string[]> {
  return { ...c.principalContext, ...(r.context ?? {}) };
}

export function accountOf(arn: string): string | undefined {
  const parts = arn.split(':');
  const acct = parts[4];
  return acct && /^\d{12}$/.test(acct) ? acct : undefined;
}

export function resourceAccountOf(c: BenchCase, r: BenchRequest): string {
  return r.resourceAccount ?? accountOf(r.resource) ?? accountOf(c.principal) ?? ACCOUNT;
}
