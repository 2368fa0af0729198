import type { SigV4Error } from './types.js';

// AWS's own wording, copied from observed responses; each message's source is listed in ./README.md.
// Trailing spaces inside scope and parameter messages are AWS's: its messages are sentences each followed by
// a space and concatenated.

export const missingAuthenticationToken = (): SigV4Error => ({
  code: 'MissingAuthenticationToken',
  message: 'Request is missing Authentication Token',
  httpStatus: 403,
});

export const incompleteSignature = (message: string): SigV4Error => ({
  code: 'IncompleteSignature',
  message,
  httpStatus: 400,
});

export const signatureDoesNotMatch = (
  message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
): SigV4Error => ({ code: 'SignatureDoesNotMatch', message, httpStatus: 403 });

export const invalidClientTokenId = (): SigV4Error => ({
  code: 'InvalidClientTokenId',
  message: 'The security token included in the request is invalid.',
  httpStatus: 403,
});

export const expiredToken = (): SigV4Error => ({
  code: 'ExpiredToken',
  message: 'The security token included in the request is expired',
  httpStatus: 403,
});

export const requestExpired = (): SigV4Error => ({
  code: 'RequestExpired',
  message: 'Request has expired.',
  httpStatus: 400,
});
