/**
 * The ceiling: a bare `node:http` server that reads each request and answers with a fixed XML body (the bytes
 * Gatehouse sent for the same GetUser), with the same headers. Run as its own process:
 * `node ceiling-server.js <body-file>`; prints `listening <port>` once it accepts connections.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: ceiling-server <body-file>');
const body = readFileSync(file);
const headers = { 'content-type': 'text/xml', 'x-amzn-requestid': '00000000-0000-4000-8000-000000000000', 'content-length': body.length };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
