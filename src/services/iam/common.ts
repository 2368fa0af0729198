/**
 * Pieces every IAM operation family uses: tag rules, condition keys from tags, output shapes of entities,
 * managed policy lookup.
 */
import type { ContextValue } from '../../policy/index.js';
import type { StructureValue } from '../../protocol/model/index.js';
import type { RecordReader } from '../../store/contract.js';
import { AwsError, invalidInput, limitExceeded, noSuchEntity } from '../errors.js';
import { parsePolicyArn } from './arns.js';
import type { IamDeps } from './operation.js';
import type { ManagedPolicyData, PolicyVersionData, Tag } from './entities.js';
import { getData, key } from './entities.js';

export const MAX_TAGS = 50;

/** aws:RequestTag/* and aws:TagKeys for a request that sets tags. */
export function requestTagContext(tags: readonly Tag[]): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  if (tags.length === 0) return ctx;
  for (const t of tags) ctx[`aws:RequestTag/${t.Key}`] = t.Value;
  ctx['aws:TagKeys'] = tags.map((t) => t.Key);
  return ctx;
}

/** aws:ResourceTag/* of the entity a request acts on. */
export function resourceTagContext(tags: readonly Tag[] | undefined): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const t of tags ?? []) ctx[`aws:ResourceTag/${t.Key}`] = t.Value;
  return ctx;
}

/** A user's or role's tags: aws:ResourceTag/* and iam:ResourceTag/* (the IAM resource types AWS gives both keys). */
export function iamResourceTagContext(tags: readonly Tag[] | undefined): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const t of tags ?? []) {
    ctx[`aws:ResourceTag/${t.Key}`] = t.Value;
    ctx[`iam:ResourceTag/${t.Key}`] = t.Value;
  }
  return ctx;
}

/** Tag keys are unique regardless of case within one request. */
export function checkTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  if (tags.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
}

/** Existing tags with new ones merged in (a key given again replaces its value, matched regardless of case). */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  checkTags(added);
  const out = existing.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added);
  if (out.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return out;
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

export const date = (iso: string): Date => new Date(iso);

/** Tags as output: AWS leaves the member out when there are none. */
export function tagsOut(tags: readonly Tag[] | undefined): StructureValue {
  return tags && tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {};
}

/** Policy documents travel URL-encoded in IAM responses. */
export const encodeDocument = (doc: string): string => encodeURIComponent(doc);

/** A managed policy an operation refers to by ARN: customer managed (this account) or AWS managed. */
export interface ResolvedPolicy {
  arn: string;
  name: string;
  /** The default version's document (JSON text). */
  document: string;
  awsManaged: boolean;
}

const notAttachable = (arn: string): AwsError => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);

export async function resolvePolicy(r: RecordReader, deps: IamDeps, accountId: string, arn: string): Promise<ResolvedPolicy> {
  const parsed = parsePolicyArn(arn);
  if (!parsed) throw invalidInput(`ARN ${arn} is not valid.`);
  if (parsed.account === 'aws') {
    const p = deps.managedPolicies.get(arn);
    const v = p?.versions.find((x) => x.versionId === p.defaultVersionId);
    if (!p || !v) throw notAttachable(arn);
    return { arn, name: p.name, document: v.document, awsManaged: true };
  }
  if (parsed.account !== accountId) throw notAttachable(arn);
  const p = await getData<ManagedPolicyData>(r, accountId, 'policy', '', key(parsed.name));
  if (!p || p.Arn !== arn) throw notAttachable(arn);
  const v = await getData<PolicyVersionData>(r, accountId, 'policy-version', key(parsed.name), p.DefaultVersionId);
  if (!v) throw notAttachable(arn);
  return { arn, name: p.PolicyName, document: v.Document, awsManaged: false };
}

/** A permissions boundary as IAM outputs it. AWS sends the type `Policy`, not the model's `PermissionsBoundaryPolicy`. */
export function boundaryOut(arn: unknown): StructureValue {
  return typeof arn === 'string' ? { PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn } } : {};
}

/**
 * The managed policy a CreateUser/CreateRole/Put*PermissionsBoundary call names as a boundary. IAM words a
 * missing one differently from a missing attachment ("Scope ARN: …").
 */
export async function resolveBoundary(r: RecordReader, deps: IamDeps, accountId: string, arn: string): Promise<ResolvedPolicy> {
  let p: ResolvedPolicy;
  try {
    p = await resolvePolicy(r, deps, accountId, arn);
  } catch (e) {
    if (e instanceof AwsError && e.code === 'NoSuchEntity') throw noSuchEntity(`Scope ARN: ${arn} does not exist or is not attachable.`);
    throw e;
  }
  // Unconfirmed wording: IAM refuses service-role policies with this message when they are attached; assumed the same for boundaries.
  if (p.awsManaged && parsePolicyArn(arn)?.path.startsWith('/aws-service-role/')) throw new AwsError('PolicyNotAttachable', 'Cannot attach a Service Role Policy to a Customer Role.');
  return p;
}
