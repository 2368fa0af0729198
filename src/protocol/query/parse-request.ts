import { findOperation } from '../model/index.js';
import type { Operation, ServiceModel, StructureValue, WireError } from '../model/index.js';
import { parseOperationInput } from './parse-input.js';
import type { ParseResult, QueryParams } from './parse-input.js';

export interface QueryRequest {
  readonly operation: Operation;
  readonly input: StructureValue;
}

/**
 * Reads `Action` and `Version`, finds the operation in the service's model and parses its input.
 *
 * @example
 * const result = parseQueryRequest(iam, new URLSearchParams(body));
 * if (!result.ok) return serializeError(iam, result.error, requestId);
 * result.value.operation.name; // 'CreateUser'
 */
export function parseQueryRequest(model: ServiceModel, params: QueryParams): ParseResult<QueryRequest> {
  const action = params.get('Action');
  if (action === null || action === '') {
    return { ok: false, error: senderError('MissingAction', 'Missing Action') };
  }
  const version = params.get('Version');
  const operation = findOperation(model, action);
  // AWS looks operations up by (Action, Version): an unknown action and a wrong version read the same.
  if (operation === undefined || version !== model.apiVersion) {
    // Known gap: the wording for a request without Version is not confirmed against AWS.
    const shown = version === null || version === '' ? 'NO_VERSION_SPECIFIED' : version;
    return { ok: false, error: senderError('InvalidAction', `Could not find operation ${action} for version ${shown}`) };
  }
  const input = parseOperationInput(model, operation, params);
  return input.ok ? { ok: true, value: { operation, input: input.value } } : input;
}

function senderError(code: string, message: string): WireError {
  return { code, message, httpStatus: 400, senderFault: true };
}
