export { compilePattern } from './constraints.js';
export { parseOperationInput, validationError } from './parse-input.js';
export type { ParseResult, QueryParams } from './parse-input.js';
export { parseQueryRequest } from './parse-request.js';
export type { QueryRequest } from './parse-request.js';
export { queryParamsFromJson } from './json-input.js';
