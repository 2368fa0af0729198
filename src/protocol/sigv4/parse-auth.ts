import { parseQuery, type QueryParam } from './canonical.js';
import { incompleteSignature, missingAuthenticationToken, signatureDoesNotMatch } from './errors.js';
import type { SigV4Error, SigV4Request } from './types.js';

/** The signature's parameters, wherever the client put them. */
export interface AuthParams {
  form: 'header' | 'query';
  algorithm: string;
  credential: string;
  signedHeaders: string;
  signature: string;
  /** The signing time as sent (`X-Amz-Date`, or the `Date` header). */
  date: string;
  /** `X-Amz-Expires` of a presigned URL, as sent. */
  expires: string | undefined;
  /** `X-Amz-Security-Token`, from the query string or else the header; `undefined` when absent or empty. */
  sessionToken: string | undefined;
  /** The query string's parameters, used to build the canonical query. */
  query: QueryParam[];
}

export type ParsedAuth = { ok: true; auth: AuthParams } | { ok: false; error: SigV4Error };

const firstValue = (v: string | readonly string[] | undefined): string | undefined => (typeof v === 'string' ? v : v?.[0]);

/**
 * Reads the signature parameters and reports what is missing, in AWS's order and words (Coral services, as
 * observed by dynalite and scratchstack; see ./README.md): several missing parameters are reported together.
 */
export function parseAuth(request: SigV4Request): ParsedAuth {
  const query = parseQuery(request.query);
  const queryValue = (name: string): string | undefined => query.find((p) => p.name === name)?.value;
  const header = firstValue(request.headers['authorization']);
  const hasQueryAuth = queryValue('X-Amz-Algorithm') !== undefined;

  if (header !== undefined && hasQueryAuth) {
    return fail(signatureDoesNotMatch("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."));
  }
  // A header that is not SigV4 at all (Basic, Bearer, SigV2's "AWS …") counts as no authentication.
  if ((header === undefined || !header.trim().startsWith('AWS4-')) && !hasQueryAuth) {
    return fail(missingAuthenticationToken());
  }

  const tokenHeader = firstValue(request.headers['x-amz-security-token']);
  const presentedToken = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

  if (header !== undefined) {
    const trimmed = header.trim();
    const space = trimmed.search(/\s/);
    const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
    const fields = new Map<string, string>();
    // AWS accepts commas, spaces or both between the fields.
    for (const part of (space === -1 ? '' : trimmed.slice(space)).split(/[\s,]+/)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq === -1) {
        return fail(incompleteSignature(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`));
      }
      const name = part.slice(0, eq);
      if (!fields.has(name)) fields.set(name, part.slice(eq + 1));
    }
    const date = firstValue(request.headers['x-amz-date']) ?? firstValue(request.headers['date']);
    const missing: string[] = [];
    for (const name of ['Credential', 'Signature', 'SignedHeaders']) {
      if (!fields.get(name)) missing.push(`Authorization header requires '${name}' parameter.`);
    }
    if (date === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    if (missing.length > 0) return fail(incompleteSignature(`${missing.join(' ')} Authorization=${header}`));
    return {
      ok: true,
      auth: {
        form: 'header',
        algorithm,
        credential: fields.get('Credential') ?? '',
        signedHeaders: fields.get('SignedHeaders') ?? '',
        signature: fields.get('Signature') ?? '',
        date: date ?? '',
        expires: undefined,
        sessionToken: presentedToken(tokenHeader),
        query,
      },
    };
  }

  const missing: string[] = [];
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!queryValue(name)) missing.push(`AWS query-string parameters must include '${name}'.`);
  }
  if (missing.length > 0) return fail(incompleteSignature(`${missing.join(' ')} Re-examine the query-string parameters.`));
  return {
    ok: true,
    auth: {
      form: 'query',
      algorithm: queryValue('X-Amz-Algorithm') ?? '',
      credential: queryValue('X-Amz-Credential') ?? '',
      signedHeaders: queryValue('X-Amz-SignedHeaders') ?? '',
      signature: queryValue('X-Amz-Signature') ?? '',
      date: queryValue('X-Amz-Date') ?? '',
      expires: queryValue('X-Amz-Expires'),
      sessionToken: presentedToken(queryValue('X-Amz-Security-Token') ?? tokenHeader),
      query,
    },
  };
}

const fail = (error: SigV4Error): ParsedAuth => ({ ok: false, error });
