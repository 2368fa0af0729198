import { createHmac } from 'node:crypto';

const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Derives `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, keeping
 * the most recently used keys: one client signs many requests with the same key on the same day, and the four
 * HMACs are most of a verification's cost.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, { secret: string; key: Buffer }>();

  constructor(private readonly capacity: number) {}

  /**
   * Keyed by access key ID (not by the secret, which would need hashing on every request); an entry only
   * serves the secret it was derived from, so a key ID whose secret differs derives afresh.
   */
  get(accessKeyId: string, secret: string, date: string, region: string, service: string): Buffer {
    const id = `${accessKeyId}/${date}/${region}/${service}`;
    const cached = this.keys.get(id);
    if (cached !== undefined && cached.secret === secret) {
      // Re-insert to mark as most recently used (a Map iterates in insertion order).
      this.keys.delete(id);
      this.keys.set(id, cached);
      return cached.key;
    }
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (this.capacity > 0) {
      this.keys.delete(id);
      this.keys.set(id, { secret, key });
      if (this.keys.size > this.capacity) {
        const oldest = this.keys.keys().next();
        if (oldest.done !== true) this.keys.delete(oldest.value);
      }
    }
    return key;
  }

  get size(): number {
    return this.keys.size;
  }
}
