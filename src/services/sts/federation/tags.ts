/**
 * Session tags an identity provider passes (IAM User Guide, "Passing session tags using
 * AssumeRoleWithWebIdentity / AssumeRoleWithSAML"): in an OIDC token, the `https://aws.amazon.com/tags` claim
 * (`principal_tags` {key: [value]}, `transitive_tag_keys` [key]); in a SAML assertion, one
 * `https://aws.amazon.com/SAML/Attributes/PrincipalTag:{TagKey}` attribute per tag and the multi-valued
 * `https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys` attribute. Passing any needs sts:TagSession in
 * the role's trust policy (checked in assume.ts); the limits are AssumeRole's: 50 tags, keys of 128
 * characters, values of 256, keys unique regardless of case, and the packed size (checked at issue).
 */
import { AwsError, validationError } from '../../errors.js';
import type { Tag } from '../../iam/entities.js';

export const WEB_IDENTITY_TAGS_CLAIM = 'https://aws.amazon.com/tags';
export const SAML_PRINCIPAL_TAG_PREFIX = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:';
export const SAML_TRANSITIVE_TAG_KEYS = 'https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys';

export const MAX_SESSION_TAGS = 50;
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;
/** The characters AWS allows in tag keys and values (the IAM/STS Tag shape's pattern). */
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export interface FederatedTags {
  tags: Tag[];
  transitiveTagKeys: string[];
}

// Unconfirmed wording throughout: AWS documents the rules, not the messages a provider's bad tags get.
const invalidToken = (message: string): AwsError => new AwsError('InvalidIdentityToken', message);
const invalidParameter = validationError;

/** The documented limits, shared by both providers. */
export function checkFederatedTags(t: FederatedTags): FederatedTags {
  if (t.tags.length > MAX_SESSION_TAGS) throw invalidParameter(`The number of session tags exceeds the limit of ${MAX_SESSION_TAGS}.`);
  const seen = new Set<string>();
  for (const { Key, Value } of t.tags) {
    if (Key.length < 1 || Key.length > MAX_TAG_KEY || !TAG_KEY.test(Key)) {
      throw invalidParameter(`Session tag keys must be 1 to ${MAX_TAG_KEY} characters matching [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+: ${Key}`);
    }
    if (/^aws:/i.test(Key)) throw invalidParameter(`Session tag keys cannot begin with the prefix aws: ${Key}`);
    if (Value.length > MAX_TAG_VALUE || !TAG_VALUE.test(Value)) {
      throw invalidParameter(`Session tag values must be at most ${MAX_TAG_VALUE} characters matching [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*: ${Key}`);
    }
    const k = Key.toLowerCase();
    if (seen.has(k)) throw invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  if (t.transitiveTagKeys.length > MAX_SESSION_TAGS) throw invalidParameter(`The number of transitive tag keys exceeds the limit of ${MAX_SESSION_TAGS}.`);
  for (const k of t.transitiveTagKeys) {
    if (!seen.has(k.toLowerCase())) throw invalidParameter(`The specified transitive tag key must be included in the requested tags: ${k}`);
  }
  return t;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The tags of an OIDC token's `https://aws.amazon.com/tags` claim (none when the claim is absent). */
export function webIdentityTags(claims: Record<string, unknown>): FederatedTags {
  let claim = claims[WEB_IDENTITY_TAGS_CLAIM];
  if (claim === undefined) return { tags: [], transitiveTagKeys: [] };
  // Some providers wrap the object in a one-element array.
  if (Array.isArray(claim) && claim.length === 1) claim = claim[0];
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw invalidToken(`The ${WEB_IDENTITY_TAGS_CLAIM} claim must be a JSON object.`);
  const { principal_tags: principal, transitive_tag_keys: transitive } = claim as Record<string, unknown>;
  const tags: Tag[] = [];
  if (principal !== undefined) {
    if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) throw invalidToken('principal_tags must be a JSON object of tag keys to values.');
    for (const [k, v] of Object.entries(principal as Record<string, unknown>)) {
      // AWS documents each value as a one-element array; a bare string is accepted as the same.
      const values = typeof v === 'string' ? [v] : v;
      if (!isStringArray(values) || values.length !== 1) throw invalidToken(`The session tag ${k} must have exactly one string value.`);
      tags.push({ Key: k, Value: values[0] ?? '' });
    }
  }
  if (transitive !== undefined && !isStringArray(transitive)) throw invalidToken('transitive_tag_keys must be a JSON array of tag keys.');
  return checkFederatedTags({ tags, transitiveTagKeys: transitive ?? [] });
}

/** The tags of a SAML assertion's PrincipalTag:* and TransitiveTagKeys attributes. */
export function samlTags(attributes: ReadonlyMap<string, readonly string[]>): FederatedTags {
  const tags: Tag[] = [];
  let transitiveTagKeys: string[] = [];
  for (const [name, values] of attributes) {
    if (name === SAML_TRANSITIVE_TAG_KEYS) {
      transitiveTagKeys = [...values];
    } else if (name.startsWith(SAML_PRINCIPAL_TAG_PREFIX)) {
      const k = name.slice(SAML_PRINCIPAL_TAG_PREFIX.length);
      if (values.length !== 1) throw invalidToken(`The session tag attribute ${name} must have exactly one AttributeValue.`);
      tags.push({ Key: k, Value: values[0] ?? '' });
    }
  }
  return checkFederatedTags({ tags, transitiveTagKeys });
}
