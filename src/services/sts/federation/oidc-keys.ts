/**
 * An OpenID Connect provider's signing keys (its JWKS), as STS obtains them: from the issuer's discovery
 * document (`<issuer>/.well-known/openid-configuration` → `jwks_uri`) over HTTPS, cached, or from a file
 * for servers without network access.
 *
 * Files: when the environment variable `GATEHOUSE_OIDC_JWKS_DIR` names a directory (or the source is created
 * with `jwksDir`), the keys of the provider whose URL without scheme is U are read from
 * `<dir>/<encodeURIComponent(U)>.json` (e.g. `token.actions.githubusercontent.com.json`,
 * `oidc.eks.us-east-1.amazonaws.com%2Fid%2FABC.json`) before any network fetch. The file is a JWKS document
 * (`{"keys":[…]}`) and is re-read when it changes.
 *
 * TLS trust, as IAM documents it: the IdP's certificate chain is trusted when it validates against the
 * system's CAs for the host, or when one of its certificates has a SHA-1 thumbprint in the provider's
 * ThumbprintList (a pinned CA must still be issued for the host; a pinned leaf certificate is the host's).
 */
import { readFile, stat } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { isIP } from 'node:net';
import { checkServerIdentity, connect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { JSONWebKeySet } from 'jose';

export const JWKS_DIR_ENV = 'GATEHOUSE_OIDC_JWKS_DIR';

/** How long fetched keys are used before they are fetched again. */
const CACHE_MS = 60 * 60 * 1000;
/** A token naming a key the cached set lacks refetches at most this often (key rotation, not a flood). */
const REFRESH_COOLDOWN_MS = 10 * 1000;
/** AWS gives up on an IdP that takes longer than this. */
const TIMEOUT_MS = 5000;
const MAX_BYTES = 1024 * 1024;

export type KeysResult =
  | { ok: true; jwks: JSONWebKeySet }
  /** `unreachable`: no connection (IDPCommunicationError); `unusable`: an answer without usable keys. */
  | { ok: false; reason: 'unreachable' | 'unusable'; detail: string };

export interface OidcProviderRef {
  /** The issuer URL without `https://` (`host[:port][/path]`). */
  url: string;
  /** Lower-case hex SHA-1 thumbprints (the provider's ThumbprintList). */
  thumbprints: readonly string[];
}

export interface OidcKeySource {
  /** The provider's keys; `refresh` asks for a fresh copy (the token names a key the cached set lacks). */
  keys(provider: OidcProviderRef, refresh: boolean): Promise<KeysResult>;
}

class FetchError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'unusable',
    message: string,
  ) {
    super(message);
  }
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function thumbprintOf(cert: DetailedPeerCertificate): string {
  return cert.fingerprint.replace(/:/g, '').toLowerCase();
}

/** Whether the connection's certificate chain is one the provider's configuration trusts. */
function trusted(socket: TLSSocket, host: string, thumbprints: readonly string[]): boolean {
  const leaf = socket.getPeerCertificate(true);
  if (!leaf || !leaf.raw) return false;
  const hostOk = checkServerIdentity(host, leaf) === undefined;
  if (socket.authorized && hostOk) return true;
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = leaf; c && c.raw && !seen.has(c.fingerprint); c = c.issuerCertificate) {
    seen.add(c.fingerprint);
    if (thumbprints.includes(thumbprintOf(c)) && (c === leaf || hostOk)) return true;
  }
  return false;
}

const fetchError = (e: NodeJS.ErrnoException): FetchError =>
  e instanceof FetchError ? e : new FetchError(e.code !== undefined && UNREACHABLE_CODES.has(e.code) ? 'unreachable' : 'unusable', e.message);

/** A TLS connection whose certificate chain the provider trusts; nothing is sent before that is known. */
function trustedConnection(u: URL, thumbprints: readonly string[]): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const port = u.port === '' ? 443 : Number(u.port);
    // The chain is checked in `trusted` (system CAs or thumbprints), not by the TLS layer.
    const socket = connect({ host: u.hostname, port, servername: isIP(u.hostname) ? undefined : u.hostname, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new FetchError('unusable', `${u.host} timed out`)));
    socket.once('error', (e: NodeJS.ErrnoException) => reject(fetchError(e)));
    socket.once('secureConnect', () => {
      if (trusted(socket, u.hostname, thumbprints)) resolve(socket);
      else {
        socket.destroy();
        reject(new FetchError('unusable', `untrusted certificate for ${u.host}`));
      }
    });
  });
}

async function getJson(url: string, thumbprints: readonly string[]): Promise<unknown> {
  const u = new URL(url);
  if (u.protocol !== 'https:') throw new FetchError('unusable', `not an HTTPS URL: ${url}`);
  const socket = await trustedConnection(u, thumbprints);
  return new Promise((resolve, reject) => {
    const req = request(u, { method: 'GET', timeout: TIMEOUT_MS, headers: { accept: 'application/json' }, createConnection: () => socket }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new FetchError('unusable', `${url} answered ${res.statusCode ?? 0}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) {
          res.destroy();
          reject(new FetchError('unusable', `${url} is too large`));
        } else chunks.push(c);
      });
      res.on('error', (e) => reject(new FetchError('unusable', e.message)));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch {
          reject(new FetchError('unusable', `${url} is not JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new FetchError('unusable', `${url} timed out`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(fetchError(e)));
    req.end();
  });
}

function isJwks(v: unknown): v is JSONWebKeySet {
  return typeof v === 'object' && v !== null && Array.isArray((v as { keys?: unknown }).keys);
}

/** The provider's keys over the network: discovery document, then its jwks_uri. */
async function fetchJwks(p: OidcProviderRef): Promise<JSONWebKeySet> {
  const base = `https://${p.url.replace(/\/+$/, '')}`;
  const discovery = await getJson(`${base}/.well-known/openid-configuration`, p.thumbprints);
  const jwksUri = typeof discovery === 'object' && discovery !== null ? (discovery as { jwks_uri?: unknown }).jwks_uri : undefined;
  if (typeof jwksUri !== 'string') throw new FetchError('unusable', 'the discovery document names no jwks_uri');
  const jwks = await getJson(jwksUri, p.thumbprints);
  if (!isJwks(jwks)) throw new FetchError('unusable', 'the jwks_uri document is not a JWKS');
  return jwks;
}

/**
 * A key source: files first (when a directory is configured), then HTTPS with a cache.
 * @example
 * const keys = createOidcKeySource();
 * await keys.keys({ url: 'token.actions.githubusercontent.com', thumbprints: [] }, false); // { ok: true, jwks }
 */
export function createOidcKeySource(options: { jwksDir?: string } = {}): OidcKeySource {
  const fetched = new Map<string, { at: number; jwks: JSONWebKeySet }>();
  const files = new Map<string, { mtimeMs: number; jwks: JSONWebKeySet }>();

  const fromFile = async (dir: string, url: string): Promise<KeysResult | undefined> => {
    const path = join(dir, `${encodeURIComponent(url)}.json`);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      return undefined;
    }
    const hit = files.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return { ok: true, jwks: hit.jwks };
    try {
      const jwks: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (!isJwks(jwks)) return { ok: false, reason: 'unusable', detail: `${path} is not a JWKS` };
      files.set(path, { mtimeMs, jwks });
      return { ok: true, jwks };
    } catch (e) {
      return { ok: false, reason: 'unusable', detail: `${path}: ${String(e)}` };
    }
  };

  return {
    async keys(p, refresh) {
      const dir = options.jwksDir ?? process.env[JWKS_DIR_ENV];
      if (dir) {
        const r = await fromFile(dir, p.url);
        if (r) return r;
      }
      const now = Date.now();
      const hit = fetched.get(p.url);
      if (hit && now - hit.at < (refresh ? REFRESH_COOLDOWN_MS : CACHE_MS)) return { ok: true, jwks: hit.jwks };
      try {
        const jwks = await fetchJwks(p);
        if (fetched.size > 1000) fetched.clear();
        fetched.set(p.url, { at: now, jwks });
        return { ok: true, jwks };
      } catch (e) {
        if (e instanceof FetchError) return { ok: false, reason: e.reason, detail: e.message };
        throw e;
      }
    },
  };
}

let shared: OidcKeySource | undefined;

/** The process's key source (one cache for all requests). */
export function defaultOidcKeySource(): OidcKeySource {
  return (shared ??= createOidcKeySource());
}
