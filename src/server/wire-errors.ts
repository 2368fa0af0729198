/**
 * The one place service errors become wire errors: modeled codes take the model's HTTP status and fault;
 * the codes every AWS Query service shares (and Gatehouse's NotImplemented) come from this table.
 */
import type { ServiceModel, WireError } from '../protocol/model/index.js';
import { modeledError } from '../protocol/xml/index.js';
import type { AwsError } from '../services/errors.js';

const COMMON: Record<string, { httpStatus: number; senderFault: boolean }> = {
  AccessDenied: { httpStatus: 403, senderFault: true },
  ValidationError: { httpStatus: 400, senderFault: true },
  InvalidInput: { httpStatus: 400, senderFault: true },
  InvalidAction: { httpStatus: 400, senderFault: true },
  InvalidClientTokenId: { httpStatus: 403, senderFault: true },
  SignatureDoesNotMatch: { httpStatus: 403, senderFault: true },
  MissingAuthenticationToken: { httpStatus: 403, senderFault: true },
  IncompleteSignature: { httpStatus: 400, senderFault: true },
  ExpiredToken: { httpStatus: 403, senderFault: true },
  RequestExpired: { httpStatus: 400, senderFault: true },
  Throttling: { httpStatus: 400, senderFault: true },
  NotImplemented: { httpStatus: 501, senderFault: false },
  InternalFailure: { httpStatus: 500, senderFault: false },
  ServiceUnavailable: { httpStatus: 503, senderFault: false },
};

export function toWire(model: ServiceModel, e: AwsError): WireError {
  const modeled = modeledError(model, e.code, e.message);
  if (modeled) return modeled;
  const c = COMMON[e.code] ?? { httpStatus: 400, senderFault: true };
  return { code: e.code, message: e.message, ...c };
}

export const internalError = (): WireError => ({
  code: 'InternalFailure',
  message: 'The request processing has failed because of an unknown error, exception or failure.',
  httpStatus: 500,
  senderFault: false,
});
