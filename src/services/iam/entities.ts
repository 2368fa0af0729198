/**
 * IAM entities as the service layer stores them (record `data`), and typed access to them. Names are unique
 * per account regardless of case, so record keys are lower-case names; the data keeps the name as created.
 */
import type { JsonObject, RecordKind, RecordReader, RecordWriter, StoredRecord } from '../../store/contract.js';
import { noSuchEntity } from '../errors.js';

export interface Tag extends JsonObject {
  Key: string;
  Value: string;
}

export interface UserData extends JsonObject {
  UserName: string;
  UserId: string;
  Path: string;
  Arn: string;
  CreateDate: string;
  Tags: Tag[];
}

export interface GroupData extends JsonObject {
  GroupName: string;
  GroupId: string;
  Path: string;
  Arn: string;
  CreateDate: string;
}

export interface RoleData extends JsonObject {
  RoleName: string;
  RoleId: string;
  Path: string;
  Arn: string;
  CreateDate: string;
  /** The trust policy exactly as given (JSON text). */
  AssumeRolePolicyDocument: string;
  MaxSessionDuration: number;
  Tags: Tag[];
}

export interface ManagedPolicyData extends JsonObject {
  PolicyName: string;
  PolicyId: string;
  Path: string;
  Arn: string;
  DefaultVersionId: string;
  CreateDate: string;
  UpdateDate: string;
  Tags: Tag[];
  /** The number the next CreatePolicyVersion takes (v1, v2, … are never reused). */
  NextVersion: number;
}

export interface PolicyVersionData extends JsonObject {
  VersionId: string;
  /** The document exactly as given (JSON text). */
  Document: string;
  CreateDate: string;
}

/** A managed policy attached to a user, group or role: parent `user:<key>`, key the policy ARN. */
export interface AttachmentData extends JsonObject {
  PolicyArn: string;
  PolicyName: string;
}

/** An inline policy: parent `user:<key>` / `group:<key>` / `role:<key>`, key the lower-case policy name. */
export interface InlinePolicyData extends JsonObject {
  PolicyName: string;
  PolicyDocument: string;
}

/** A group membership: parent the group key, key the user key. */
export interface MembershipData extends JsonObject {
  GroupName: string;
  UserName: string;
}

export interface AccessKeyData extends JsonObject {
  AccessKeyId: string;
  /** The owning user's name, or undefined for the root user's keys. */
  UserName: string | null;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  /** The secret access key sealed under the master key (context: the key ID). */
  SecretSealed: string;
}

export interface AccountData extends JsonObject {
  AccountId: string;
  CreateDate: string;
  Alias: string | null;
  RootEmail: string;
  /** Argon2id hash of the root password. */
  RootPasswordHash: string | null;
}

export type PrincipalType = 'user' | 'group' | 'role';

/** The parent key of records that hang off a user, group or role (attachments, inline policies). */
export function principalParent(type: PrincipalType, name: string): string {
  return `${type}:${name.toLowerCase()}`;
}

export const key = (name: string): string => name.toLowerCase();

/** Reads one record's data, typed by the caller's knowledge of the kind. */
export async function getData<T extends JsonObject>(r: RecordReader, accountId: string, kind: RecordKind, parent: string, k: string): Promise<T | undefined> {
  const rec = await r.get(accountId, kind, parent, k);
  return rec?.data as T | undefined;
}

export function dataOf<T extends JsonObject>(rec: StoredRecord): T {
  return rec.data as T;
}

export async function requireUser(r: RecordReader, accountId: string, userName: string): Promise<UserData> {
  const u = await getData<UserData>(r, accountId, 'user', '', key(userName));
  if (!u) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return u;
}

export async function requireGroup(r: RecordReader, accountId: string, groupName: string): Promise<GroupData> {
  const g = await getData<GroupData>(r, accountId, 'group', '', key(groupName));
  if (!g) throw noSuchEntity(`The group with name ${groupName} cannot be found.`);
  return g;
}

export async function requireRole(r: RecordReader, accountId: string, roleName: string): Promise<RoleData> {
  const g = await getData<RoleData>(r, accountId, 'role', '', key(roleName));
  if (!g) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return g;
}

/** Locks a user for the rest of the transaction (quota checks on its keys, groups, policies). */
export async function lockUser(w: RecordWriter, accountId: string, userName: string): Promise<UserData> {
  const rec = await w.lock(accountId, 'user', '', key(userName));
  if (!rec) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return rec.data as UserData;
}
