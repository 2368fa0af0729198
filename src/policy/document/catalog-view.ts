/**
 * What the validator needs to know about AWS services, read synchronously. The engine stays pure: the caller
 * loads the data (src/catalog does, from the Service Authorization Reference) and passes this view in.
 */

export interface CatalogActionResourceType {
  /** Resource type key, e.g. `object`; matches `CatalogResourceType.name`. */
  name: string;
  /** A required resource type must be matched by the Resource element for the action to apply. */
  required: boolean;
  conditionKeys: readonly string[];
}

export interface CatalogAction {
  /** Canonical spelling, e.g. `GetObject`. */
  name: string;
  /** `Read`, `Write`, `List`, `Tagging`, `Permissions management` (some actions carry two, comma-separated). */
  accessLevel: string;
  /** Empty when the action supports only `"Resource": "*"`. */
  resourceTypes: readonly CatalogActionResourceType[];
  conditionKeys: readonly string[];
}

export interface CatalogResourceType {
  name: string;
  /** ARN template, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arn: string;
  conditionKeys: readonly string[];
}

/** AWS's condition key types: String, ArrayOfString, ARN, ArrayOfARN, Bool, ArrayOfBool, Numeric, Date, IPAddress. */
export interface CatalogConditionKey {
  /** As AWS spells it, templates included, e.g. `aws:RequestTag/${TagKey}`. */
  name: string;
  type: string;
}

export interface CatalogView {
  /** Whether `prefix` (case-insensitive) is a service AWS defines, whether or not its data was loaded. */
  serviceExists(prefix: string): boolean;
  /** Whether the actions, resource types and keys of `prefix` are loaded; checks that need them skip other services. */
  hasServiceData(prefix: string): boolean;
  /** Every service prefix, lower-case, for suggestions. */
  services(): readonly string[];
  /** An action by name, case-insensitive; undefined when unknown or not loaded. */
  action(service: string, name: string): CatalogAction | undefined;
  /** The service's actions whose names match `pattern` (`*` and `?` wildcards, case-insensitive). */
  actionsMatching(service: string, pattern: string): readonly CatalogAction[];
  resourceType(service: string, name: string): CatalogResourceType | undefined;
  resourceTypes(service: string): readonly CatalogResourceType[];
  /**
   * A condition key, global (`aws:`) or of a loaded service, matched case-insensitively and through templates
   * (`aws:ResourceTag/team` → `aws:ResourceTag/${TagKey}`, `s3:ExistingObjectTag/x` → `s3:ExistingObjectTag/<key>`).
   */
  conditionKey(name: string): CatalogConditionKey | undefined;
  /** The service's keys that contain a template part (`${TagKey}`, `<key>`). */
  serviceConditionKeyPatterns(service: string): readonly string[];
  /** Whether resource control policies apply to the service. */
  rcpSupported(service: string): boolean;
}
