// @ts-check
/**
 * Refreshes models/aws/*.json: botocore's IAM and STS service descriptions with every documentation string
 * removed, leaving names, types, constraints (min/max, pattern, enum), member order and error lists. They
 * are committed so that the build needs only npm packages; run this by hand when AWS changes the APIs:
 *
 *   node scripts/refresh-aws-models.mjs            # uses `python3 -c "import botocore"`, or BOTOCORE_DATA
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SERVICES = { iam: 'iam/2010-05-08', sts: 'sts/2011-06-15' };
// Keys whose values are prose, not facts about the API.
const PROSE = new Set(['documentation', 'documentationUrl', 'deprecatedMessage', 'examples', 'docs']);

function botocoreData() {
  if (process.env.BOTOCORE_DATA) return { dir: process.env.BOTOCORE_DATA, version: 'BOTOCORE_DATA' };
  const script = 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)';
  const [dir = '', version = ''] = execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
  return { dir: join(dir, 'data'), version };
}

/** @param {unknown} v @returns {unknown} */
function strip(v) {
  if (Array.isArray(v)) return v.map(strip);
  if (v && typeof v === 'object') {
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [k, x] of Object.entries(v)) if (!PROSE.has(k)) out[k] = strip(x);
    return out;
  }
  return v;
}

const { dir, version } = botocoreData();
mkdirSync(join(root, 'models', 'aws'), { recursive: true });
for (const [id, rel] of Object.entries(SERVICES)) {
  const gz = join(dir, rel, 'service-2.json.gz');
  const text = existsSync(gz) ? gunzipSync(readFileSync(gz)).toString('utf8') : readFileSync(join(dir, rel, 'service-2.json'), 'utf8');
  const model = /** @type {Record<string, any>} */ (strip(JSON.parse(text)));
  model.metadata = { ...model.metadata, botocoreVersion: version };
  const file = join(root, 'models', 'aws', `${id}.json`);
  writeFileSync(file, JSON.stringify(model, null, 1) + '\n');
  process.stdout.write(`refresh-aws-models: ${id} from botocore ${version} -> ${file}\n`);
}
