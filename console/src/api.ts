/** The console's only way to the server: the console API under /console/api/ (src/server/console). */

export interface PasswordPolicy {
  MinimumPasswordLength: number;
  RequireSymbols: boolean;
  RequireNumbers: boolean;
  RequireUppercaseCharacters: boolean;
  RequireLowercaseCharacters: boolean;
  AllowUsersToChangePassword: boolean;
  MaxPasswordAge: number | null;
  PasswordReusePrevention: number | null;
  HardExpiry: boolean | null;
}

export interface Session {
  signedIn: boolean;
  stage?: 'mfa' | 'password' | 'active';
  csrf: string;
  identity?: { kind: 'root' | 'user'; accountId: string; alias: string | null; arn: string; userName?: string; mfa: boolean };
  signInUrl?: string;
  role?: { arn: string; displayName: string; expiresAt: string };
  passwordWhy?: 'reset-required' | 'expired';
  passwordPolicy?: PasswordPolicy | null;
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let csrf = '';

async function parse<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } & Record<string, unknown> } & T;
  if (!res.ok || body.error) {
    const e = body.error ?? { code: `HTTP${res.status}`, message: res.statusText };
    if (res.status === 401 && e.code === 'SessionEnded') window.dispatchEvent(new Event('gatehouse:signed-out'));
    throw new ApiError(e.code, e.message, res.status, e);
  }
  return body;
}

export async function getSession(): Promise<Session> {
  const s = await parse<Session>(await fetch('/console/api/session', { credentials: 'same-origin' }));
  csrf = s.csrf;
  return s;
}

export async function post<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`/console/api/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'x-gatehouse-csrf': csrf },
    body: JSON.stringify(body),
  });
  const out = await parse<T & { csrf?: string }>(res);
  if (typeof out.csrf === 'string') csrf = out.csrf;
  return out;
}

/** Runs one IAM (or STS) operation as the signed-in principal; resolves to its output. */
export async function call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown> = {}, service: 'iam' | 'sts' = 'iam'): Promise<T> {
  return (await post<{ output: T }>('call', { service, operation, input })).output;
}

/** Every page of a paginated List call. */
export async function callAll<T>(operation: string, member: string, input: Record<string, unknown> = {}): Promise<T[]> {
  const out: T[] = [];
  let marker: string | undefined;
  for (let i = 0; i < 100; i++) {
    const page = await call<Record<string, unknown>>(operation, { ...input, ...(marker ? { Marker: marker } : {}) });
    out.push(...((page[member] as T[] | undefined) ?? []));
    if (page.IsTruncated !== true || typeof page.Marker !== 'string') break;
    marker = page.Marker;
  }
  return out;
}

/** IAM returns policy documents URL-encoded. */
export function decodeDocument(doc: unknown): string {
  if (typeof doc !== 'string') return '';
  try {
    const text = decodeURIComponent(doc);
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return doc;
  }
}

export interface Finding {
  findingType: 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';
  issueCode: string;
  message: string;
  learnMoreLink?: string;
  locations: { path: ({ key: string } | { index: number } | { value: string })[]; start: { line: number; column: number } }[];
}

export function validatePolicy(document: string, type: string): Promise<{ findings: Finding[]; iamError?: { code: string; message: string } }> {
  return post('validate-policy', { document, type });
}
