/**
 * The service layer's one error type: an AWS error code with AWS's message. The HTTP edge maps it to the wire
 * once (src/server/wire-errors.ts); anything else thrown is a bug and becomes an internal error whose cause is
 * logged, never sent.
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

export const noSuchEntity = (message: string): AwsError => new AwsError('NoSuchEntity', message);
export const alreadyExists = (message: string): AwsError => new AwsError('EntityAlreadyExists', message);
export const deleteConflict = (message: string): AwsError => new AwsError('DeleteConflict', message);
export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceeded', message);
export const malformedPolicy = (message: string): AwsError => new AwsError('MalformedPolicyDocument', message);
export const invalidInput = (message: string): AwsError => new AwsError('InvalidInput', message);
export const validationError = (message: string): AwsError => new AwsError('ValidationError', message);
export const unmodifiable = (message: string): AwsError => new AwsError('UnmodifiableEntity', message);
export const accessDenied = (message: string): AwsError => new AwsError('AccessDenied', message);
export const notImplemented = (operation: string): AwsError =>
  new AwsError('NotImplemented', `Gatehouse does not implement ${operation} yet.`);
