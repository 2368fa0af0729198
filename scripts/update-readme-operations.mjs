// @ts-check
/**
 * Rewrites the README's list of operations that answer NotImplemented (between the not-implemented markers)
 * from the service models and the operation tables. Run after `npm run build`; test/architecture checks it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadServiceModel } = await import(join(root, 'dist/src/protocol/model/index.js'));
const { iamOperations } = await import(join(root, 'dist/src/services/iam/index.js'));
const { stsOperations } = await import(join(root, 'dist/src/services/sts/index.js'));

/** @param {'iam'|'sts'} service @param {Record<string, unknown>} table */
const missing = (service, table) => Object.keys(loadServiceModel(service).operations).filter((o) => !table[o]).map((o) => `\`${service}:${o}\``);
const list = [...missing('iam', iamOperations), ...missing('sts', stsOperations)];
const body = list.length === 0 ? 'None: every operation of both models has a handler.' : list.join(', ');
const file = join(root, 'README.md');
const text = readFileSync(file, 'utf8');
const start = '<!-- not-implemented:start -->';
const end = '<!-- not-implemented:end -->';
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < i) throw new Error('README.md lacks the not-implemented markers');
writeFileSync(file, `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`);
process.stdout.write(`README: ${list.length} operations listed as not implemented\n`);
