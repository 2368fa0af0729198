/**
 * X.509 certificates for tests, built with `node:crypto` alone (Node can parse certificates but not make
 * them): a minimal DER encoder for an RSA/SHA-256 v3 certificate with a CN, any validity window (expired
 * ones too) and any issuer, so chains and mismatches can be made without openssl.
 *
 *   const ca = makeKeyPair();
 *   const root = makeCertificate({ subject: 'Root', key: ca });
 *   const leaf = makeCertificate({ subject: 'leaf.example.com', key: makeKeyPair(), issuer: { name: 'Root', key: ca } });
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
  /** The private key as PKCS#8 PEM. */
  privatePem: string;
}

export function makeKeyPair(bits = 2048): KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { publicKey, privateKey, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  const y = d.getUTCFullYear();
  return y >= 1950 && y < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const name = (cn: string): Buffer => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

export interface CertificateSpec {
  subject: string;
  key: KeyPair;
  /** Self-signed when absent. */
  issuer?: { name: string; key: KeyPair };
  notBefore?: Date;
  notAfter?: Date;
}

/** A PEM certificate (with a trailing newline). */
export function makeCertificate(spec: CertificateSpec): string {
  const now = Date.now();
  const serial = randomBytes(8);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    SHA256_RSA,
    name(spec.issuer?.name ?? spec.subject),
    seq(time(spec.notBefore ?? new Date(now - 3_600_000)), time(spec.notAfter ?? new Date(now + 365 * 86_400_000))),
    name(spec.subject),
    spec.key.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, (spec.issuer?.key ?? spec.key).privateKey);
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** The base64 DER of a PEM certificate (what SAML metadata carries). */
export function derBase64(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}
