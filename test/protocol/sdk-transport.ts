import type { XmlResponse } from '../../src/protocol/xml/index.js';

interface SdkRequest {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

/**
 * A `requestHandler` for the real AWS SDK v3 clients: records each request body and answers with a response
 * the test provides (typically our serializer's output), so the SDK's own serializer and deserializer run
 * against our parser and serializer without a socket.
 */
export class SdkTransport {
  readonly bodies: string[] = [];
  private next: XmlResponse | undefined;

  respondWith(response: XmlResponse): void {
    this.next = response;
  }

  get lastBody(): string {
    const body = this.bodies.at(-1);
    if (body === undefined) throw new Error('the SDK sent no request');
    return body;
  }

  async handle(request: SdkRequest): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }> {
    this.bodies.push(typeof request.body === 'string' ? request.body : '');
    const response = this.next;
    if (!response) throw new Error('no response queued for the SDK request');
    return {
      response: {
        statusCode: response.status,
        headers: { 'content-type': response.contentType },
        body: new TextEncoder().encode(response.body),
      },
    };
  }
}

/** Client options that keep the SDK off the network, the environment and retries. */
export const clientConfig = (requestHandler: SdkTransport) => ({
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
  requestHandler,
});
