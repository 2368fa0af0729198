/** What services need from the outside world, passed in by the composition root (src/server). */

export interface Clock {
  now(): Date;
}

/** Identifiers in AWS formats. */
export interface Ids {
  /** A unique ID: the 4-character type prefix (AIDA, AGPA, AROA, ANPA, AIPA, ASCA…) and 17 more characters. */
  uniqueId(prefix: string): string;
  /** An access key ID: AKIA (long-term) or ASIA (temporary) and 16 more characters. */
  accessKeyId(prefix: 'AKIA' | 'ASIA'): string;
  /** A 40-character secret access key. */
  secretAccessKey(): string;
  /** A request ID (UUID). */
  requestId(): string;
  /** A 12-digit account ID. */
  accountId(): string;
  /** Random printable characters for generated passwords. */
  password(length: number): string;
}

/** Authenticated encryption of secrets at rest, bound to what they belong to (`context`). */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  /** Throws when the sealed text was altered or belongs to another context. */
  open(sealed: string, context: string): string;
}
