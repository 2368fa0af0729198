/**
 * The console's built files (console/dist, written by `npm run build:console`), served under /console/. Hashed
 * assets are cached for a year; index.html is never cached, so a new build shows at once.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EdgeResponse } from '../app.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** The built console next to the compiled server: dist/src/server/console → <package>/console/dist. */
export function defaultConsoleDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../console/dist');
}

export interface StaticFile {
  type: string;
  body: Buffer;
}

export interface StaticFiles {
  /** A file under the root by its path relative to it (`assets/index-abc.js`), or undefined. */
  get(path: string): StaticFile | undefined;
  /** index.html, or undefined when the console wasn't built. */
  index(): StaticFile | undefined;
}

/** Loads every file once (the console is a few hundred kilobytes). */
export function loadStaticFiles(root: string): StaticFiles {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(root, full).split(sep).join('/'), { type: TYPES[extname(name)] ?? 'application/octet-stream', body: readFileSync(full) });
    }
  };
  if (existsSync(root)) walk(root);
  return { get: (path) => files.get(path), index: () => files.get('index.html') };
}

/** Security headers of every console response: no framing, no sniffing, scripts and styles only from here. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

export function fileResponse(f: StaticFile, immutable: boolean): EdgeResponse {
  return {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': f.type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' },
    body: f.body,
  };
}
