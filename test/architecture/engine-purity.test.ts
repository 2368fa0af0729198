/**
 * The policy engine stays pure: no Node built-ins, no I/O modules, no other layer of the product, no clock
 * or randomness. This reads the sources, so it holds even where the linter is not run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..', '..');
const engine = join(root, 'src', 'policy');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

// Third-party packages the engine may use: pure computation only.
const ALLOWED_PACKAGES = new Set(['jsonc-parser', 'ipaddr.js']);
const FORBIDDEN_GLOBALS = [/\bprocess\./, /\bDate\.now\(/, /\bnew Date\(\)/, /\bMath\.random\(/, /\bperformance\.now\(/, /\bsetTimeout\(/, /\bfetch\(/, /\brequire\(/, /\bBuffer\./];

test('src/policy imports nothing but itself and pure packages', () => {
  const files = sources(engine);
  assert.ok(files.length > 10, 'the engine sources were found');
  const offences: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? '';
      if (spec.startsWith('.')) {
        const target = join(f, '..', spec);
        if (!target.startsWith(engine)) offences.push(`${relative(root, f)} imports ${spec} (outside the engine)`);
      } else if (!ALLOWED_PACKAGES.has(spec)) offences.push(`${relative(root, f)} imports ${spec}`);
    }
    for (const re of FORBIDDEN_GLOBALS) if (re.test(text)) offences.push(`${relative(root, f)} uses ${re.source}`);
  }
  assert.deepEqual(offences, []);
});

test('the check itself notices a forbidden import', () => {
  const text = "import { readFileSync } from 'node:fs';";
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  assert.deepEqual(specs, ['node:fs']);
});
