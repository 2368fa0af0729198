/**
 * A request as the HTTP edge received it, before any parsing. Everything is raw because the signature covers
 * the bytes the client sent, not a server's re-rendering of them.
 */
export interface SigV4Request {
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** The path exactly as received, still percent-encoded, without the query string (e.g. `/`). */
  path: string;
  /** The raw query string without the leading `?` (`''` when there is none). */
  query: string;
  /**
   * Headers by lower-cased name. A repeated header may be given either as an array of its values in arrival
   * order (Node's `req.headersDistinct`), which canonicalises exactly as AWS does, or as one string joined as
   * received.
   */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The complete request body (empty for a GET). */
  body: Uint8Array;
}

/** What a credential lookup returns for an access key id it knows. */
export interface ResolvedCredential {
  secretAccessKey: string;
  /** An `Inactive` key authenticates nothing; it is reported exactly like an unknown key. */
  status: 'Active' | 'Inactive';
  /**
   * For temporary credentials (`ASIA…` keys): the session token the request must present in
   * `X-Amz-Security-Token`. When absent, the request must present no token at all.
   */
  sessionToken?: string;
  /** For temporary credentials: the instant they stop being valid (`ExpiredToken` from then on). */
  expiresAt?: Date;
}

/**
 * Resolves an access key id to its secret. It receives the session token the request presented so that a
 * caller can key temporary credentials by token if it wishes; the verifier itself still checks that the
 * presented token equals `sessionToken` of the result. Returns `undefined` for an unknown key.
 */
export type CredentialLookup<C extends ResolvedCredential = ResolvedCredential> = (
  accessKeyId: string,
  presented: { sessionToken: string | undefined },
) => Promise<C | undefined>;

export interface SigV4VerifierOptions<C extends ResolvedCredential = ResolvedCredential> {
  /** Credential-scope services this endpoint accepts, e.g. `['iam', 'sts']`. The first is named in errors. */
  services: readonly string[];
  /** Credential-scope regions this endpoint accepts; any region when omitted. */
  regions?: readonly string[];
  lookup: CredentialLookup<C>;
  /** Allowed distance between the signing time and `now`; AWS uses 15 minutes. */
  maxSkewMinutes?: number;
  /** Derived signing keys kept in memory (least recently used are dropped). Default 256. */
  signingKeyCacheSize?: number;
}

/** The AWS error codes this verifier can answer with. */
export type SigV4ErrorCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'ExpiredToken'
  | 'RequestExpired';

/** An AWS error as it goes on the wire: code, AWS's own message, HTTP status. */
export interface SigV4Error {
  code: SigV4ErrorCode;
  message: string;
  httpStatus: 400 | 403;
}

/** A request whose signature verified. */
export interface SigV4Success<C extends ResolvedCredential = ResolvedCredential> {
  ok: true;
  accessKeyId: string;
  region: string;
  service: string;
  /** The signing time the client declared (`X-Amz-Date`). */
  signedAt: Date;
  /** Whether the signature came in the `Authorization` header or in the query string (presigned URL). */
  form: 'header' | 'query';
  /** Lower-cased names of the headers the signature covers. */
  signedHeaders: readonly string[];
  /** The session token presented, for temporary credentials. */
  sessionToken: string | undefined;
  /** What the lookup returned, so the caller needs no second lookup to find the principal. */
  credential: C;
}

export interface SigV4Failure {
  ok: false;
  error: SigV4Error;
  /**
   * For `SignatureDoesNotMatch` on the signature itself: what the server signed, for the log only. IAM and STS
   * do not put these on the wire.
   */
  debug?: { canonicalRequest: string; stringToSign: string };
}

export type SigV4Result<C extends ResolvedCredential = ResolvedCredential> = SigV4Success<C> | SigV4Failure;
