import { Sha256Js } from '@smithy/core/checksum';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ResolvedCredential, SigV4Request } from '../../src/protocol/sigv4/index.js';

/** A long-term key and a temporary one, as a store would hold them. */
export const LONG_TERM = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;
export const TEMPORARY = {
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with+base64=',
} as const;
export const INACTIVE = { accessKeyId: 'AKIAINACTIVEEXAMPLE1', secretAccessKey: 'inactiveSecretKeyEXAMPLEEXAMPLEEXAMPLE00' } as const;

export interface TestCredential extends ResolvedCredential {
  owner: string;
}

/** An in-memory credential table standing in for the store; records which token each lookup was given. */
export function credentialTable(extra: Record<string, TestCredential> = {}): {
  lookup: (id: string, presented: { sessionToken: string | undefined }) => Promise<TestCredential | undefined>;
  calls: { id: string; sessionToken: string | undefined }[];
} {
  const table: Record<string, TestCredential> = {
    [LONG_TERM.accessKeyId]: { secretAccessKey: LONG_TERM.secretAccessKey, status: 'Active', owner: 'alice' },
    [TEMPORARY.accessKeyId]: {
      secretAccessKey: TEMPORARY.secretAccessKey,
      status: 'Active',
      sessionToken: TEMPORARY.sessionToken,
      expiresAt: new Date('2030-01-01T00:00:00Z'),
      owner: 'role-session',
    },
    [INACTIVE.accessKeyId]: { secretAccessKey: INACTIVE.secretAccessKey, status: 'Inactive', owner: 'bob' },
    ...extra,
  };
  const calls: { id: string; sessionToken: string | undefined }[] = [];
  return {
    calls,
    lookup: async (id, presented) => {
      calls.push({ id, sessionToken: presented.sessionToken });
      return table[id];
    },
  };
}

/**
 * Converts a signed smithy request into what the HTTP edge would hand the verifier: the query rendered as the
 * Node HTTP handler puts it on the wire, the body as bytes.
 */
export function toWire(request: HttpRequest): SigV4Request {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const body: unknown = request.body;
  return {
    method: request.method,
    path: request.path,
    query: request.query === undefined ? '' : buildQueryString(request.query),
    headers,
    body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body instanceof Uint8Array ? body : new Uint8Array(0),
  };
}

export interface SignInput {
  method?: string;
  path?: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: string;
  service?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  at: Date;
}

function smithyRequest(input: SignInput): HttpRequest {
  return new HttpRequest({
    method: input.method ?? 'POST',
    protocol: 'https:',
    hostname: 'gatehouse.example',
    path: input.path ?? '/',
    query: input.query ?? {},
    headers: { host: 'gatehouse.example', ...input.headers },
    body: input.body,
  });
}

function signer(input: SignInput): SignatureV4 {
  return new SignatureV4({
    service: input.service ?? 'iam',
    region: input.region ?? 'us-east-1',
    credentials: input.credentials ?? LONG_TERM,
    // The pure-JS hash, so that the signer shares no crypto code with the verifier.
    sha256: Sha256Js,
  });
}

/** Signs with `@smithy/signature-v4` (the SDK v3 signer) in the Authorization header form. */
export async function signHeader(input: SignInput): Promise<SigV4Request> {
  const signed = await signer(input).sign(smithyRequest(input), { signingDate: input.at });
  return toWire(HttpRequest.clone(signed));
}

/** Presigns with `@smithy/signature-v4`: the signature travels in the query string. */
export async function presign(input: SignInput & { expiresIn?: number }): Promise<SigV4Request> {
  const signed = await signer(input).presign(smithyRequest(input), { signingDate: input.at, expiresIn: input.expiresIn ?? 900 });
  return toWire(HttpRequest.clone(signed));
}

export const AT = new Date('2026-03-14T15:09:26Z');
export const minutes = (n: number): number => n * 60_000;

/** Replaces (or adds) one raw query parameter, keeping the others untouched. */
export function withQueryParam(query: string, name: string, value: string | undefined): string {
  const parts = query.split('&').filter((p) => p !== '' && !p.startsWith(`${name}=`));
  if (value !== undefined) parts.push(`${name}=${value}`);
  return parts.join('&');
}
