/**
 * X.509, PEM and SSH key material as IAM reads it, on `node:crypto` alone: certificates for server and
 * signing certificates and SAML metadata, RSA public keys for CodeCommit SSH keys, and the exact-case tag
 * rules of the resources in this family.
 */
import { createHash, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { invalidInput, limitExceeded } from '../../errors.js';
import { MAX_TAGS } from '../common.js';
import type { Tag } from '../entities.js';

/** The base64 bodies of the `-----BEGIN <label>-----` blocks in `text`, in order. */
export function pemBodies(text: string, label: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`, 'g');
  for (const m of text.matchAll(re)) out.push((m[1] ?? '').replace(/\s+/g, ''));
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A certificate from base64 DER; undefined when it isn't one. */
export function certificateFromBase64(b64: string): X509Certificate | undefined {
  const clean = b64.replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 4 !== 0 || !BASE64.test(clean)) return undefined;
  try {
    return new X509Certificate(Buffer.from(clean, 'base64'));
  } catch {
    return undefined;
  }
}

/**
 * Every certificate in a PEM text (a body holds one, a chain several); undefined when the text holds none
 * or any block doesn't parse.
 */
export function certificatesFromPem(text: string): X509Certificate[] | undefined {
  const bodies = pemBodies(text, 'CERTIFICATE');
  if (bodies.length === 0) return undefined;
  const certs: X509Certificate[] = [];
  for (const b of bodies) {
    const c = certificateFromBase64(b);
    if (!c) return undefined;
    certs.push(c);
  }
  return certs;
}

/** The certificate as PEM without the trailing newline (how IAM hands certificate bodies back). */
export function pemOf(cert: X509Certificate): string {
  return cert.toString().trim();
}

/** `issuer` signed `cert`: names chain and the signature verifies. */
export function issued(issuer: X509Certificate, cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** RFC 4648 base32 without padding, upper-case (the alphabet of signing certificate IDs). */
export function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

// ---- SSH public keys ----

export type SshKeyProblem = 'unrecognized' | 'invalid';

export interface SshPublicKey {
  /** The SSH wire form (`string "ssh-rsa"`, `mpint e`, `mpint n`), rebuilt from the key so that the same key
   *  uploaded as OpenSSH text or as PEM has the same blob. */
  blob: Buffer;
  /** MD5 of the blob, as colon-separated lower-case hex (how IAM reports fingerprints). */
  fingerprint: string;
  key: KeyObject;
}

function sshString(b: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function mpint(unsigned: Buffer): Buffer {
  let i = 0;
  while (i < unsigned.length - 1 && unsigned[i] === 0) i++;
  const v = unsigned.subarray(i);
  return sshString((v[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

/** Reads `ssh-rsa` wire data: the type, then e and n. */
function rsaFromBlob(blob: Buffer): KeyObject | undefined {
  const fields: Buffer[] = [];
  let off = 0;
  while (off < blob.length && fields.length < 4) {
    if (off + 4 > blob.length) return undefined;
    const len = blob.readUInt32BE(off);
    off += 4;
    if (off + len > blob.length) return undefined;
    fields.push(blob.subarray(off, off + len));
    off += len;
  }
  const [type, e, n] = fields;
  if (fields.length !== 3 || off !== blob.length || type?.toString('latin1') !== 'ssh-rsa' || !e || !n) return undefined;
  const unsigned = (b: Buffer): string => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0) i++;
    return b.subarray(i).toString('base64url');
  };
  try {
    return createPublicKey({ key: { kty: 'RSA', n: unsigned(n), e: unsigned(e) }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * An SSH public key as CodeCommit takes it: `ssh-rsa` in OpenSSH format, or PEM (SPKI or PKCS#1), RSA of
 * 2048 to 16384 bits. `unrecognized` when the text isn't such a key at all, `invalid` when it is one IAM
 * refuses (too short or too long).
 */
export function parseSshPublicKey(body: string): SshPublicKey | SshKeyProblem {
  const text = body.trim();
  let key: KeyObject | undefined;
  if (text.startsWith('-----BEGIN')) {
    try {
      key = createPublicKey({ key: text, format: 'pem' });
    } catch {
      return 'unrecognized';
    }
  } else {
    const [type, b64] = text.split(/\s+/);
    if (type !== 'ssh-rsa' || b64 === undefined || b64.length % 4 !== 0 || !BASE64.test(b64)) return 'unrecognized';
    key = rsaFromBlob(Buffer.from(b64, 'base64'));
    if (!key) return 'unrecognized';
  }
  if (key.asymmetricKeyType !== 'rsa') return 'unrecognized';
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048 || bits > 16384) return 'invalid';
  const jwk = key.export({ format: 'jwk' });
  const blob = Buffer.concat([sshString(Buffer.from('ssh-rsa')), mpint(Buffer.from(jwk.e ?? '', 'base64url')), mpint(Buffer.from(jwk.n ?? '', 'base64url'))]);
  const fingerprint = (createHash('md5').update(blob).digest('hex').match(/../g) ?? []).join(':');
  return { blob, fingerprint, key };
}

// ---- Tags with exact-case keys ----
// OIDC providers, SAML providers and server certificates keep `Team` and `team` as two tags (observed on
// AWS), unlike users and roles, whose tag keys are unique regardless of case.

export function checkExactTags(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidInput('Tag keys beginning with aws: are reserved for system use.');
    // Unconfirmed wording: AWS's message for the same key given twice in one request.
    if (seen.has(t.Key)) throw invalidInput('Duplicate tag keys found.');
    seen.add(t.Key);
  }
  if (tags.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
}

/** A TagX call's tags: the list must not be empty. */
export function requireTags(tags: readonly Tag[]): void {
  requireSomeTags(tags);
  checkExactTags(tags);
}

/** Every TagX refuses an empty list (InvalidInput for roles and policies as AWS answers; the text is OIDC's). */
export function requireSomeTags(tags: readonly Tag[]): void {
  if (tags.length === 0) throw invalidInput('The provided tag map must not be null/empty.');
}

export function requireTagKeys(keys: readonly string[]): void {
  if (keys.length === 0) throw invalidInput('The provided tag keys must not be null/empty.');
}

/** Existing tags with `added` set: a key given again (exactly) takes the new value. */
export function mergeExactTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key === t.Key));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value })));
  if (out.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.');
  return out;
}

export function removeExactTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.Key));
}

/** Tags in key order (code point), as AWS lists them for identity providers. */
export function sortedTags(tags: readonly Tag[]): { Key: string; Value: string }[] {
  return [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0)).map((t) => ({ Key: t.Key, Value: t.Value }));
}
