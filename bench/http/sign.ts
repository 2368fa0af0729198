/**
 * Signed AWS Query requests for the HTTP benchmark, signed the way the AWS SDK v3 signs them
 * (`@smithy/signature-v4`, Authorization header form). A signature stays valid for 15 minutes after its
 * X-Amz-Date, so a request signed before a run can be replayed for the whole run; the server still verifies
 * each one in full (it caches only the derived signing key).
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** One HTTP request as the load generator sends it; `content-length` is added by the sender. */
export interface WireRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytes = (d: SourceData): string | Uint8Array =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

/** The SDK's hash interface over node:crypto, so that signing thousands of requests takes little time. */
class NodeSha256 {
  private h: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.h = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: SourceData): void {
    this.h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.h.digest();
  }
  reset(): void {
    this.h = this.fresh();
  }
}

/** A signer for one credential and one service, reusable for many requests. */
export function querySigner(creds: Credentials, host: string, service: 'iam' | 'sts' = 'iam'): (params: Record<string, string>, at?: Date) => Promise<WireRequest> {
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: creds, sha256: NodeSha256 });
  return async (params, at = new Date()) => {
    const body = new URLSearchParams({ ...params, Version: service === 'iam' ? '2010-05-08' : '2011-06-15' }).toString();
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: host,
      path: '/',
      headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const signed = await signer.sign(request, { signingDate: at });
    return { method: 'POST', path: '/', headers: { ...(signed.headers as Record<string, string>) }, body };
  };
}
