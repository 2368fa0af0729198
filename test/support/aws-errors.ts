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
    // AccessDenied messages end with Gatehouse's encoded authorization failure message (for
    // sts:DecodeAuthorizationMessage); an exact message is AWS's text before it.
    if (typeof message === 'string') assert.equal(e.message?.replace(/ Encoded authorization failure message: \S+$/, ''), message);
    else if (message) assert.match(e.message ?? '', message);
    return true;
  });
}
