import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { canonicalHeaderValue, canonicalPath, canonicalQuery } from './canonical.js';
import { expiredToken, incompleteSignature, invalidClientTokenId, requestExpired, signatureDoesNotMatch } from './errors.js';
import { parseAuth } from './parse-auth.js';
import { SigningKeyCache } from './signing-key-cache.js';
import type { ResolvedCredential, SigV4Error, SigV4Failure, SigV4Request, SigV4Result, SigV4VerifierOptions } from './types.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';
const reject = (error: SigV4Error, debug?: SigV4Failure['debug']): SigV4Failure =>
  debug === undefined ? { ok: false, error } : { ok: false, error, debug };
// One call, no Hash object (Node ≥ 20.12): every request hashes its body and its canonical request.
const sha256Hex = (data: Uint8Array | string): string => hash('sha256', data, 'hex');

/** `20150830T123600Z` → its instant, or `undefined` unless it is exactly ISO 8601 basic format in UTC. */
function parseAmzDate(text: string): Date | undefined {
  // Requests signed within the same second carry the same date: the last one parsed is kept.
  if (text !== lastDate.text) lastDate = { text, ms: parseAmzDateText(text)?.getTime() };
  return lastDate.ms === undefined ? undefined : new Date(lastDate.ms);
}

// INVARIANT: one thread runs this module's code (a worker gets its own copy), so the memo needs no lock.
let lastDate: { text: string; ms: number | undefined } = { text: '', ms: undefined };

function parseAmzDateText(text: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls 20150231 over into March; such a date was not a real one.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? date : undefined;
}

/** An instant in the form AWS prints in its messages, seconds truncated: `20130524T001501Z`. */
const compact = (date: Date): string => date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Constant-time equality of two strings; unequal lengths are unequal without comparing contents. */
function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Creates a verifier of AWS Signature Version 4 for IAM/STS-style Query endpoints: the `Authorization` header
 * form and the presigned query-string form. It is pure apart from the credential lookup: the time comes from
 * the caller, and every outcome is a value.
 *
 * Checks run in AWS's order, which decides the error a client sees when several things are wrong: presence of
 * the signature parameters, date format, clock skew (and `X-Amz-Expires`), `host` signed, algorithm, credential
 * shape, credential scope, access key, session token, and last the signature itself.
 *
 * @example
 * ```ts
 * const verify = createSigV4Verifier({
 *   services: ['iam', 'sts'],
 *   lookup: async (accessKeyId) => store.findAccessKey(accessKeyId),
 * });
 * const result = await verify(
 *   { method: 'POST', path: '/', query: '', headers: { host: 'localhost:4566', ... }, body },
 *   new Date(),
 * );
 * if (!result.ok) return errorResponse(result.error); // e.g. { code: 'SignatureDoesNotMatch', httpStatus: 403, … }
 * result.accessKeyId; // 'AKIA…'
 * ```
 */
export function createSigV4Verifier<C extends ResolvedCredential>(
  options: SigV4VerifierOptions<C>,
): (request: SigV4Request, now: Date) => Promise<SigV4Result<C>> {
  const maxSkewMinutes = options.maxSkewMinutes ?? 15;
  const maxSkewMs = maxSkewMinutes * 60_000;
  const keys = new SigningKeyCache(options.signingKeyCacheSize ?? 256);
  const expectedService = options.services[0] ?? '';

  return async (request, now) => {
    const parsed = parseAuth(request);
    if (!parsed.ok) return reject(parsed.error);
    const auth = parsed.auth;

    const signedAt = parseAmzDate(auth.date);
    if (signedAt === undefined) {
      return reject(incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${auth.date}'. See http://en.wikipedia.org/wiki/ISO_8601`));
    }
    if (signedAt.getTime() < now.getTime() - maxSkewMs) {
      const bound = compact(new Date(now.getTime() - maxSkewMs));
      return reject(signatureDoesNotMatch(`Signature expired: ${compact(signedAt)} is now earlier than ${bound} (${compact(now)} - ${maxSkewMinutes} min.)`));
    }
    if (signedAt.getTime() > now.getTime() + maxSkewMs) {
      const bound = compact(new Date(now.getTime() + maxSkewMs));
      return reject(signatureDoesNotMatch(`Signature not yet current: ${compact(signedAt)} is still later than ${bound} (${compact(now)} + ${maxSkewMinutes} min.)`));
    }
    if (auth.expires !== undefined) {
      // AWS itself ignores X-Amz-Expires outside S3 (the 15-minute window above is the only limit); Gatehouse
      // also honours a shorter lifetime the signer asked for. See ./README.md.
      if (!/^\d{1,9}$/.test(auth.expires)) {
        return reject(incompleteSignature(`X-Amz-Expires must be a whole number of seconds. Got '${auth.expires}'.`));
      }
      if (now.getTime() > signedAt.getTime() + Number(auth.expires) * 1000) return reject(requestExpired());
    }

    const signedHeaders = auth.signedHeaders.split(';');
    if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
      return reject(signatureDoesNotMatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
    }
    if (auth.algorithm !== ALGORITHM) {
      return reject(incompleteSignature(`Unsupported AWS 'algorithm': '${auth.algorithm}' (only ${ALGORITHM} for now). `));
    }

    const parts = auth.credential.split('/');
    if (parts.length !== 5) {
      return reject(incompleteSignature(
          `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${auth.credential}'`,
        ));
    }
    const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
    // Every mismatch in the scope is reported at once, each sentence followed by a space, as AWS does.
    let scopeErrors = '';
    if (region === '' || (options.regions !== undefined && !options.regions.includes(region))) {
      scopeErrors += 'Credential should be scoped to a valid region. ';
    }
    if (!options.services.includes(service)) scopeErrors += `Credential should be scoped to correct service: '${expectedService}'. `;
    if (terminator !== 'aws4_request') {
      scopeErrors += `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `;
    }
    const day = auth.date.slice(0, 8);
    if (scopeDate !== day) {
      scopeErrors += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${day}', from '${auth.date}'. `;
    }
    if (scopeErrors !== '') return reject(signatureDoesNotMatch(scopeErrors));

    // Unknown, inactive, missing token, wrong token: all one answer, so a caller cannot tell which keys exist.
    const credential = await options.lookup(accessKeyId, { sessionToken: auth.sessionToken });
    if (credential === undefined || credential.status !== 'Active') return reject(invalidClientTokenId());
    const expectedToken = credential.sessionToken;
    const presented = auth.sessionToken;
    const tokenOk =
      expectedToken === undefined
        ? presented === undefined && !accessKeyId.startsWith('ASIA')
        : presented !== undefined && constantTimeEqual(presented, expectedToken);
    if (!tokenOk) return reject(invalidClientTokenId());
    if (credential.expiresAt !== undefined && now.getTime() >= credential.expiresAt.getTime()) {
      return reject(expiredToken());
    }

    const payloadHash = sha256Hex(request.body);
    const declaredHash = request.headers['x-amz-content-sha256'];
    // The header is what the signature covers; a body that does not hash to it was altered after signing.
    if (declaredHash !== undefined && canonicalHeaderValue(declaredHash).toLowerCase() !== payloadHash) {
      return reject(signatureDoesNotMatch());
    }
    const query = auth.form === 'query' ? auth.query.filter((p) => p.name !== 'X-Amz-Signature') : auth.query;
    const canonicalHeaders = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`).join('');
    const canonicalRequest = [
      request.method,
      canonicalPath(request.path),
      canonicalQuery(query),
      canonicalHeaders,
      auth.signedHeaders,
      payloadHash,
    ].join('\n');
    const scope = `${scopeDate}/${region}/${service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${auth.date}\n${scope}\n${sha256Hex(canonicalRequest)}`;
    const signingKey = keys.get(accessKeyId, credential.secretAccessKey, scopeDate, region, service);
    const expected = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest();
    const provided = /^[0-9a-f]{64}$/.test(auth.signature) ? Buffer.from(auth.signature, 'hex') : undefined;
    if (provided === undefined || !timingSafeEqual(expected, provided)) {
      return reject(signatureDoesNotMatch(), { canonicalRequest, stringToSign });
    }

    return {
      ok: true,
      accessKeyId,
      region,
      service,
      signedAt,
      form: auth.form,
      signedHeaders,
      sessionToken: presented,
      credential,
    };
  };
}
