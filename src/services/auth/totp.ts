/**
 * TOTP (RFC 6238) as virtual MFA devices use it: HMAC-SHA-1, 6 digits, 30-second steps from the Unix epoch.
 * The HOTP arithmetic comes from `otpauth`; this module adds what a verifier needs: time steps, a search over
 * a window of steps (so the caller can refuse steps already used), and the seed and `otpauth://` URI formats.
 *
 * @example
 *   const seed = newSeed();                       // base32 text, as AWS hands it out
 *   const step = timeStep(new Date());
 *   findStep(seed, codeAt(seed, step), step - 1, step + 1); // → step
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';

export const STEP_SECONDS = 30;
export const DIGITS = 6;

/**
 * AWS's virtual MFA seeds are 64 base32 characters (40 random bytes), longer than RFC 4226's 160-bit minimum;
 * authenticator apps accept any length.
 */
export const SEED_BYTES = 40;

/** A fresh seed as base32 text (RFC 4648 alphabet, no padding: 40 bytes encode to exactly 64 characters). */
export function newSeed(): string {
  const bytes = randomBytes(SEED_BYTES);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }).base32;
}

/** The TOTP time step a moment falls in. */
export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / STEP_SECONDS);
}

/** The code a device shows during `step`. */
export function codeAt(seedBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(seedBase32), algorithm: 'SHA1', digits: DIGITS, counter: step });
}

/**
 * The step in `[from, to]` whose code is `code`, or undefined. Searches from the earliest step so a caller that
 * refuses steps at or before the last one used sees the oldest match. Codes compare in constant time.
 */
export function findStep(seedBase32: string, code: string, from: number, to: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const secret = Secret.fromBase32(seedBase32);
  const given = Buffer.from(code, 'ascii');
  for (let step = Math.max(0, from); step <= to; step++) {
    const expected = Buffer.from(HOTP.generate({ secret, algorithm: 'SHA1', digits: DIGITS, counter: step }), 'ascii');
    if (timingSafeEqual(given, expected)) return step;
  }
  return undefined;
}

/**
 * The provisioning URI a QR code carries (Google Authenticator's key URI format). AWS documents the label as
 * `<device name>@<account alias or ID>`; the issuer names the service that verifies the codes, so an
 * authenticator app files the entry under it.
 */
export function otpauthUri(opts: { deviceName: string; accountName: string; seedBase32: string; issuer: string }): string {
  const label = `${encodeURIComponent(opts.deviceName)}@${encodeURIComponent(opts.accountName)}`;
  return `otpauth://totp/${label}?secret=${opts.seedBase32}&issuer=${encodeURIComponent(opts.issuer)}`;
}
