/**
 * A reference between the ceiling and Gatehouse: a bare `node:http` server that reads each request, verifies its
 * SigV4 signature with Gatehouse's own verifier (one known key, held in memory), and answers the same fixed XML
 * body. It does only what no signed API can skip, so it shows how much of the ceiling is left once signatures
 * are checked. Run as its own process: `node verify-only-server.js <body-file> <access-key-id> <secret>`;
 * prints `listening <port>` once it accepts connections.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSigV4Verifier } from '../../src/protocol/sigv4/index.js';

const [file, accessKeyId, secretAccessKey] = process.argv.slice(2);
if (file === undefined || accessKeyId === undefined || secretAccessKey === undefined) throw new Error('usage: verify-only-server <body-file> <access-key-id> <secret>');
const body = readFileSync(file);
const headers = { 'content-type': 'text/xml', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000', 'content-length': body.length };
const verify = createSigV4Verifier({
  services: ['iam', 'sts'],
  lookup: (id) => Promise.resolve(id === accessKeyId ? { secretAccessKey, status: 'Active' as const } : undefined),
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const request = { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers: req.headersDistinct, body: Buffer.concat(chunks) };
    verify(request, new Date()).then(
      (r) => {
        if (r.ok) res.writeHead(200, headers).end(body);
        else res.writeHead(403).end();
      },
      () => res.writeHead(500).end(),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
