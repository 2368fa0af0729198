/**
 * The few ways a storage call can fail that callers handle. Anything else a backend throws is a bug or an
 * outage, and the service layer turns it into an internal error.
 */
export type StoreErrorKind = 'conflict' | 'not-found';

export class StoreError extends Error {
  constructor(
    readonly kind: StoreErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function isStoreError(e: unknown, kind?: StoreErrorKind): e is StoreError {
  return e instanceof StoreError && (kind === undefined || e.kind === kind);
}
