import { parsePolicy, type CatalogView } from '../policy/index.js';
import { loadCatalog } from './load.js';

/**
 * The service prefixes (from actions, resource ARNs and condition keys) and the condition keys a document
 * names; what loadCatalog needs to validate it.
 * @example namesInPolicy('{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}').services // ['s3']
 */
export function namesInPolicy(input: unknown): { services: string[]; conditionKeys: string[] } {
  const parsed = parsePolicy(input);
  const doc = parsed.ok ? parsed.document : parsed.partial;
  const services = new Set<string>();
  const keys = new Set<string>();
  for (const s of doc?.statements ?? []) {
    for (const a of [...(s.action ?? []), ...(s.notAction ?? [])]) {
      const colon = a.value.indexOf(':');
      if (colon > 0) services.add(a.value.slice(0, colon).toLowerCase());
    }
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      const svc = r.value.split(':')[2];
      if (svc) services.add(svc.toLowerCase());
    }
    for (const c of s.conditions) {
      keys.add(c.key);
      const colon = c.key.indexOf(':');
      if (colon > 0) services.add(c.key.slice(0, colon).toLowerCase());
    }
  }
  return { services: [...services], conditionKeys: [...keys] };
}

/** Loads the catalog for exactly what `input` names. */
export async function catalogForPolicy(input: unknown): Promise<CatalogView> {
  const { services, conditionKeys } = namesInPolicy(input);
  return loadCatalog(services, conditionKeys);
}
