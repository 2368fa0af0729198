/** Random identifiers in AWS formats, from the operating system's CSPRNG. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { Ids } from '../services/deps.js';

// AWS unique IDs and access key IDs use upper-case letters and digits 2–7 (base32).
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const PASSWORD = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!@#$%^&*()_+-=[]{}|';

function pick(alphabet: string, n: number): string {
  let out = '';
  const bytes = randomBytes(n * 2);
  for (let i = 0; i < n; i++) {
    // Rejection-free but unbiased for alphabets of 32 and 64 characters; others use randomInt.
    if (alphabet.length === 32 || alphabet.length === 64) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
    else out += alphabet[randomInt(alphabet.length)];
  }
  return out;
}

export const systemIds: Ids = {
  uniqueId: (prefix) => prefix + pick(BASE32, 17),
  accessKeyId: (prefix) => prefix + pick(BASE32, 16),
  secretAccessKey: () => pick(SECRET, 40),
  requestId: () => randomUUID(),
  accountId: () => String(randomInt(1, 10)) + Array.from({ length: 11 }, () => String(randomInt(10))).join(''),
  password: (length) => pick(PASSWORD, length),
};
