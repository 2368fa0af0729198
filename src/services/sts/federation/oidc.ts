/**
 * Web identity tokens (OpenID Connect ID tokens, JWTs) as AssumeRoleWithWebIdentity checks them: the issuer
 * (`iss`) is one of the role account's OpenID Connect providers (or a provider AWS builds in), the provider's
 * keys verify the signature (RS*, PS*, ES* only), the token is for one of the provider's client IDs, has not
 * expired and is already valid. Signature checks use `jose`; the keys come from an {@link OidcKeySource}.
 */
import { compactVerify, createLocalJWKSet, errors as joseErrors, type JSONWebKeySet } from 'jose';
import type { Store } from '../../../store/contract.js';
import { AwsError } from '../../errors.js';
import { getData } from '../../iam/entities.js';
import { oidcProviderKey, type OidcProviderData } from '../../iam/ops/oidc-providers.js';
import type { OidcKeySource } from './oidc-keys.js';

/** The asymmetric algorithms AWS accepts; `none` and HMAC never verify a provider's token. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

/**
 * How far in the future a token's `nbf`/`iat` may be, for the provider's clock. Expiry has no allowance: AWS's
 * message says the current time "must be before" `exp`.
 */
// Unconfirmed: AWS's allowance for nbf/iat (chosen as the five minutes SAML gets).
export const CLOCK_SKEW_SECONDS = 300;

/**
 * Providers AWS builds in: no IAM provider is created for them, the trust policy names them by host, and no
 * client-ID list applies (trust policies test `HOST:aud`). Their keys come from their discovery documents.
 */
const BUILT_IN = new Set(['cognito-identity.amazonaws.com', 'accounts.google.com']);

const invalid = (message: string): AwsError => new AwsError('InvalidIdentityToken', message);
const NOT_A_JWT = 'The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)';
// The message AWS answers for tokens its checks reject (observed for signatures that don't verify).
const NOT_VALIDATED = 'The web identity token provided could not be validated';
const NO_KEYS = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";

export interface WebIdentity {
  /** The trust policy's Federated principal: the provider's ARN, or a built-in provider's host. */
  principal: string;
  /** The condition-key prefix: the provider's URL without scheme (`token.actions.githubusercontent.com`). */
  prefix: string;
  subject: string;
  /** The client ID the token is for (`azp` when present, else the `aud` value that is a client ID). */
  audience: string;
  /** Condition keys from the claims (`PREFIX:sub`, `PREFIX:aud`, `aws:FederatedProvider` …). */
  keys: Record<string, string | string[]>;
  claims: Record<string, unknown>;
}

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const strings = (v: unknown): string[] | undefined =>
  typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;

/** The provider record a token's issuer names in the role's account (URL match, as IAM keys providers). */
async function providerFor(store: Store, accountId: string, iss: string): Promise<{ principal: string; prefix: string; clientIds?: string[]; thumbprints: string[] } | undefined> {
  const m = /^https:\/\/([^/?#]+)(\/[^?#]*)?$/.exec(iss);
  if (!m) return undefined;
  let host = m[1] ?? '';
  if (host.endsWith(':443')) host = host.slice(0, -4);
  const url = host + (m[2] ?? '');
  if (BUILT_IN.has(url.toLowerCase())) return { principal: url.toLowerCase(), prefix: url.toLowerCase(), thumbprints: [] };
  const p = await getData<OidcProviderData>(store, accountId, 'oidc-provider', '', oidcProviderKey(url));
  if (!p) return undefined;
  return { principal: p.Arn, prefix: p.Url, clientIds: p.ClientIDList, thumbprints: p.ThumbprintList };
}

async function verifySignature(token: string, jwks: JSONWebKeySet): Promise<'ok' | 'no-key' | 'bad'> {
  try {
    await compactVerify(token, createLocalJWKSet(jwks), { algorithms: ALGORITHMS });
    return 'ok';
  } catch (e) {
    if (e instanceof joseErrors.JWKSNoMatchingKey) return 'no-key';
    if (e instanceof joseErrors.JOSEError || e instanceof TypeError) return 'bad';
    throw e;
  }
}

/**
 * Verifies `token` for a role of `accountId` at `now`. Throws AWS's errors: InvalidIdentityToken,
 * ExpiredTokenException, IDPCommunicationError.
 */
export async function verifyWebIdentityToken(store: Store, keySource: OidcKeySource, accountId: string, token: string, now: Date): Promise<WebIdentity> {
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid(NOT_A_JWT);
  const header = decodePart(parts[0] ?? '');
  const claims = decodePart(parts[1] ?? '');
  if (!header || !claims) throw invalid(NOT_A_JWT);

  const iss = claims.iss;
  if (typeof iss !== 'string') throw invalid(NOT_VALIDATED);
  const provider = await providerFor(store, accountId, iss);
  if (!provider) throw invalid(`No OpenIDConnect provider found in your account for ${iss}`);

  const ref = { url: provider.prefix, thumbprints: provider.thumbprints };
  let keys = await keySource.keys(ref, false);
  let verdict: 'ok' | 'no-key' | 'bad' = 'bad';
  for (let attempt = 0; attempt < 2; attempt++) {
    if (!keys.ok) {
      if (keys.reason === 'unreachable') {
        // Unconfirmed wording: IDPCommunicationError's message.
        throw new AwsError('IDPCommunicationError', 'The identity provider could not be reached. Retry the request.');
      }
      throw invalid(NO_KEYS);
    }
    verdict = await verifySignature(token, keys.jwks);
    // A key the cached set lacks: the provider may have rotated its keys; fetch them once more.
    if (verdict !== 'no-key' || attempt > 0) break;
    keys = await keySource.keys(ref, true);
  }
  if (verdict !== 'ok') throw invalid(NOT_VALIDATED);

  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = claims.exp;
  // Unconfirmed wording: a token without a numeric exp.
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw invalid(NOT_VALIDATED);
  if (nowSeconds >= exp) throw new AwsError('ExpiredTokenException', `Token expired: current date/time ${nowSeconds} must be before the expiration date/time ${Math.floor(exp)}`);
  for (const name of ['nbf', 'iat'] as const) {
    const t = claims[name];
    if (t === undefined) continue;
    // Unconfirmed wording: a token that is not valid yet.
    if (typeof t !== 'number' || t > nowSeconds + CLOCK_SKEW_SECONDS) throw invalid(NOT_VALIDATED);
  }

  const aud = claims.aud === undefined ? [] : strings(claims.aud);
  if (!aud) throw invalid(NOT_VALIDATED);
  const azp = claims.azp;
  if (azp !== undefined && typeof azp !== 'string') throw invalid(NOT_VALIDATED);
  let audience: string | undefined;
  if (provider.clientIds) {
    const ids = provider.clientIds;
    audience = azp !== undefined ? (ids.includes(azp) ? azp : undefined) : aud.find((a) => ids.includes(a));
  } else audience = azp ?? aud[0];
  if (audience === undefined) throw invalid('Incorrect token audience');

  const sub = claims.sub;
  // Unconfirmed wording: a token without a subject.
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) throw invalid(NOT_VALIDATED);

  // AWS's web identity keys: aud (azp when present), oaud (the token's aud when azp took aud's place), sub, amr.
  const p = provider.prefix;
  const keysOut: Record<string, string | string[]> = {
    'aws:FederatedProvider': provider.principal,
    [`${p}:aud`]: audience,
    [`${p}:sub`]: sub,
  };
  if (azp !== undefined && aud.length > 0) keysOut[`${p}:oaud`] = aud.length === 1 ? (aud[0] ?? '') : aud;
  const amr = strings(claims.amr);
  if (amr) keysOut[`${p}:amr`] = amr;
  if (p === 'accounts.google.com' && typeof claims.email === 'string') keysOut[`${p}:email`] = claims.email;
  return { principal: provider.principal, prefix: p, subject: sub, audience, keys: keysOut, claims };
}
