/**
 * IAM's newer operations:
 * - account properties (GetAccountProperties, PutAccountProperties): an account-level settings map, stored;
 * - outbound web identity federation (Enable/Disable/GetOutboundWebIdentityFederationInfo);
 * - role templates (GetRoleTemplateVersion, AcquireRole);
 * - temporary delegation (Create/Get/List/Accept/Reject/Associate/UpdateDelegationRequest,
 *   SendDelegationToken) and GetHumanReadableSummary, which summarizes delegation requests.
 *
 * Record: kind `account-setting`, parent '', key `account-properties`, data {Properties: {key: value}}.
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject } from '../../../store/contract.js';
import { AwsError, invalidInput, noSuchEntity } from '../../errors.js';
import { getData } from '../entities.js';
import type { OperationDef, OperationTable } from '../operation.js';

// ---------- account properties ----------

const PROPERTIES_KEY = 'account-properties';

interface AccountPropertiesData extends JsonObject {
  Properties: Record<string, string>;
}

const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9/_-]*$/;

/**
 * The namespace of a property key, after the checks the API reference states: 1–50 characters of
 * `^[A-Za-z][A-Za-z0-9/_-]*$`, exactly one `/` between namespace and name, not at either end.
 * Unconfirmed wording: the messages of these InvalidInput errors.
 */
function namespaceOf(k: string): string {
  if (k.length < 1 || k.length > 50 || !PROPERTY_KEY.test(k)) throw invalidInput(`Property key ${k} is not valid. Keys must be 1 to 50 characters matching ^[A-Za-z][A-Za-z0-9/_-]*$.`);
  const parts = k.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw invalidInput(`Property key ${k} is not valid. Keys must have the format Namespace/PropertyName.`);
  return parts[0] ?? '';
}

function propertiesOf(input: StructureValue): Record<string, string> {
  const raw = input.Properties;
  const out: Record<string, string> = {};
  if (raw === undefined || typeof raw !== 'object' || raw instanceof Date || raw instanceof Uint8Array || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

const namespaces = (props: Record<string, string>): string[] => [...new Set(Object.keys(props).map((k) => k.slice(0, k.indexOf('/'))))].sort();

// ---------- role templates and delegation requests ----------

const ROLE_TEMPLATE_ARN = /^arn:aws:iam::aws:role-template\/[^/]+\/[^/:]+:\d+$/;

/**
 * Role templates are published by AWS services (ManagedByType `Service`); Gatehouse ships no template
 * catalog, so no template exists and every well-formed template ARN is unknown.
 * Unconfirmed wording: the messages for a malformed and for an unknown template ARN.
 */
function unknownTemplate(arn: string): AwsError {
  if (!ROLE_TEMPLATE_ARN.test(arn)) return invalidInput(`ARN ${arn} is not valid.`);
  return noSuchEntity(`The role template with ARN ${arn} cannot be found.`);
}

const delegationArn = (account: string, id: string): string => `arn:aws:iam::${account}:delegation-request/${id}`;

/**
 * Delegation requests are created only by AWS partners through CreateDelegationRequest, which Gatehouse
 * doesn't offer (see below), so none exists and every request ID is unknown.
 * Unconfirmed wording: AWS's message for an unknown delegation request.
 */
const unknownDelegation = (id: string): AwsError => noSuchEntity(`The delegation request with ID ${id} cannot be found.`);

const onDelegation: OperationDef = {
  authorize: (input, env) => ({ resource: delegationArn(env.ctx.caller.accountId, input.str('DelegationRequestId')) }),
  handle: (input) => Promise.reject(unknownDelegation(input.str('DelegationRequestId'))),
};

/**
 * Outbound web identity federation is off in every Gatehouse account: Gatehouse issues no web identity
 * tokens (sts:GetWebIdentityToken) and serves no issuer discovery document or signing keys, so the
 * feature can't be turned on. AWS answers FeatureDisabled for an account where it is off.
 * Unconfirmed wording: the FeatureDisabled message of GetOutboundWebIdentityFederationInfo.
 */
const federationDisabled = (): AwsError => new AwsError('FeatureDisabled', 'Outbound identity federation is disabled for your AWS account.');

export const newerOperations: OperationTable = {
  GetAccountProperties: {
    async authorize(_input, { ctx, deps }) {
      const stored = await getData<AccountPropertiesData>(deps.store, ctx.caller.accountId, 'account-setting', '', PROPERTIES_KEY);
      return { resource: '*', context: { 'iam:AccountPropertyNamespaces': namespaces(stored?.Properties ?? {}) } };
    },
    async handle(_input, { ctx, deps }) {
      const stored = await getData<AccountPropertiesData>(deps.store, ctx.caller.accountId, 'account-setting', '', PROPERTIES_KEY);
      return { Properties: { ...(stored?.Properties ?? {}) } };
    },
  },

  PutAccountProperties: {
    authorize: (input) => ({ resource: '*', context: { 'iam:AccountPropertyNamespaces': namespaces(propertiesOf(input.raw)) } }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const props = propertiesOf(input.raw);
      const keys = Object.keys(props);
      // Unconfirmed wording: the messages of these InvalidInput errors.
      if (keys.length === 0) throw invalidInput('Properties must contain at least one property.');
      const spaces = new Set(keys.map(namespaceOf));
      if (spaces.size > 1) throw invalidInput('All properties in a request must belong to the same namespace.');
      for (const [k, v] of Object.entries(props)) {
        if (v.length < 1 || v.length > 1024) throw invalidInput(`The value of property ${k} must be 1 to 1024 characters long.`);
      }
      // Known gap: AWS checks each value against the property's type (true/false for booleans, numbers for
      // integers); which properties exist and their types aren't published, so values are stored as given.
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        const rec = await tx.get(accountId, 'account-setting', '', PROPERTIES_KEY);
        const merged: AccountPropertiesData = { Properties: { ...((rec?.data as AccountPropertiesData | undefined)?.Properties ?? {}), ...props } };
        if (rec) await tx.update({ ...rec, data: merged });
        else await tx.insert({ accountId, kind: 'account-setting', parent: '', key: PROPERTIES_KEY, createdAt: ctx.now.getTime(), data: merged });
      });
      return undefined;
    },
  },

  EnableOutboundWebIdentityFederation: {
    authorize: () => ({ resource: '*' }),
    // Known gap: see federationDisabled — turning the feature on needs a token issuer Gatehouse doesn't have.
    handle: () => Promise.reject(new AwsError('NotImplemented', 'Gatehouse does not issue web identity tokens, so outbound identity federation cannot be enabled.')),
  },
  DisableOutboundWebIdentityFederation: {
    authorize: () => ({ resource: '*' }),
    handle: () => Promise.reject(new AwsError('FeatureDisabled', 'Outbound identity federation is already disabled for your AWS account.')),
  },
  GetOutboundWebIdentityFederationInfo: {
    authorize: () => ({ resource: '*' }),
    handle: () => Promise.reject(federationDisabled()),
  },

  GetRoleTemplateVersion: {
    authorize: (input) => ({ resource: input.str('TemplateArn') }),
    handle: (input) => Promise.reject(unknownTemplate(input.str('TemplateArn'))),
  },
  AcquireRole: {
    authorize: (input) => ({ resource: input.str('TemplateArn') }),
    handle: (input) => Promise.reject(unknownTemplate(input.str('TemplateArn'))),
  },

  CreateDelegationRequest: {
    authorize: (_input, env) => ({ resource: delegationArn(env.ctx.caller.accountId, '*') }),
    // Known gap: temporary delegation is for AWS partners onboarded by AWS; a request notifies the partner
    // through an SNS topic, is approved in the AWS console and ends in sts:GetDelegatedAccessToken — none
    // of which a self-hosted IAM has.
    handle: () => Promise.reject(new AwsError('NotImplemented', 'Gatehouse does not offer IAM temporary delegation: CreateDelegationRequest needs AWS partner onboarding and an SNS notification channel.')),
  },
  GetDelegationRequest: onDelegation,
  AcceptDelegationRequest: onDelegation,
  RejectDelegationRequest: onDelegation,
  AssociateDelegationRequest: onDelegation,
  UpdateDelegationRequest: onDelegation,
  SendDelegationToken: onDelegation,
  ListDelegationRequests: {
    authorize: () => ({ resource: '*' }),
    // No delegation request can exist (see above). The model spells this member `isTruncated`.
    handle: () => Promise.resolve({ DelegationRequests: [], isTruncated: false }),
  },

  GetHumanReadableSummary: {
    authorize: (input) => ({ resource: input.str('EntityArn') }),
    handle(input) {
      const arn = input.str('EntityArn');
      const m = /^arn:aws:iam::\d{12}:delegation-request\/([\w-]+)$/.exec(arn);
      // Delegation requests are the only entity type AWS summarizes.
      // Unconfirmed wording: the message for another entity type.
      if (!m) return Promise.reject(invalidInput(`Entity ${arn} is not supported. The only supported entity type is delegation-request.`));
      return Promise.reject(unknownDelegation(m[1] ?? ''));
    },
  },
};
