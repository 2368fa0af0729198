/** Assertions on the errors the AWS SDK v3 raises for Gatehouse's responses. */
import assert from 'node:assert/strict';

interface SdkError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
  message?: string;
}

/**
 * The call fails with the SDK exception `name`, the HTTP status, and (when given) the exact message or a
 * message matching the pattern.
 */
export async function rejects(p: Promise<unknown>, name: string, status: number, message?: RegExp | string): Promise<void> {
  await assert.rejects(p, (e: SdkError) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    // AccessDenied messages end with the encoded authorization failure message (sts:DecodeAuthorizationMessage).
    if (typeof message === 'string') assert.equal(e.message?.replace(/ Encoded authorization failure message: \S+$/, ''), message);
    else if (message) assert.match(e.message ?? '', message);
    return true;
  });
}
