/** The AWS managed policies (`arn:aws:iam::aws:policy/…`), read-only and the same in every account. */

export interface AwsManagedPolicyVersion {
  versionId: string;
  createDate: string;
  /** The document as JSON text. */
  document: string;
}

export interface AwsManagedPolicy {
  arn: string;
  name: string;
  path: string;
  policyId: string;
  defaultVersionId: string;
  createDate: string;
  updateDate: string;
  versions: AwsManagedPolicyVersion[];
}

export interface ManagedPolicyCatalog {
  get(arn: string): AwsManagedPolicy | undefined;
  /** Every AWS managed policy, sorted by name. */
  list(): readonly AwsManagedPolicy[];
}
