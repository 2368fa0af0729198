import { createHash, createHmac } from 'node:crypto';

const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Derives `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`, keeping
 * the most recently used keys: one client signs many requests with the same key on the same day, and the four
 * HMACs are most of a verification's cost.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly capacity: number) {}

  get(secret: string, date: string, region: string, service: string): Buffer {
    // The secret is hashed into the cache key so that the map's keys do not hold secrets in clear text.
    const id = `${createHash('sha256').update(secret, 'utf8').digest('base64')}/${date}/${region}/${service}`;
    const cached = this.keys.get(id);
    if (cached !== undefined) {
      // Re-insert to mark as most recently used (a Map iterates in insertion order).
      this.keys.delete(id);
      this.keys.set(id, cached);
      return cached;
    }
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
    if (this.capacity > 0) {
      this.keys.set(id, key);
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
