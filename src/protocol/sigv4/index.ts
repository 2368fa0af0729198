/**
 * AWS Signature Version 4 verification for Gatehouse's IAM and STS Query endpoints.
 *
 * One function, {@link createSigV4Verifier}, returns a verifier `(request, now) => Promise<SigV4Result>`. It
 * reads no clock and does no I/O of its own besides the credential lookup it is given; every failure is a
 * value carrying AWS's error code, message and HTTP status, ready for the XML error serializer.
 *
 * @example
 * ```ts
 * import { createSigV4Verifier } from './protocol/sigv4/index.js';
 *
 * const verify = createSigV4Verifier({
 *   services: ['iam', 'sts'],
 *   // Temporary credentials: return the session token the key was issued with; the verifier compares it.
 *   lookup: async (accessKeyId, { sessionToken }) => store.findCredential(accessKeyId, sessionToken),
 * });
 *
 * const result = await verify(
 *   { method: req.method, path, query, headers: req.headersDistinct, body },
 *   clock.now(),
 * );
 * if (!result.ok) {
 *   // { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated …', httpStatus: 403 }
 *   return sendError(result.error);
 * }
 * result.accessKeyId; // 'AKIAIOSFODNN7EXAMPLE'
 * result.service; // 'iam'
 * ```
 *
 * @module
 */
export { createSigV4Verifier } from './verifier.js';
export type {
  CredentialLookup,
  ResolvedCredential,
  SigV4Error,
  SigV4ErrorCode,
  SigV4Failure,
  SigV4Request,
  SigV4Result,
  SigV4Success,
  SigV4VerifierOptions,
} from './types.js';
