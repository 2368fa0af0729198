/** The node:http adapter around the edge function. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeRequest, EdgeResponse } from './app.js';
import type { Logger } from './logger.js';

/** Requests larger than this are refused: the largest IAM input (a policy document) is far smaller. */
const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function listen(handle: (req: EdgeRequest) => Promise<EdgeResponse>, host: string, port: number, logger: Logger): Promise<RunningServer> {
  const server = createServer((req, res) => {
    readBody(req).then(
      async (body) => {
        if (body === undefined) {
          res.writeHead(413).end();
          return;
        }
        const out = await handle({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headersDistinct as Record<string, string[]>,
          body,
          remoteAddress: (req.socket.remoteAddress ?? '').replace(/^::ffff:/, ''),
          secure: false,
        });
        res.writeHead(out.status, { ...out.headers, 'content-length': Buffer.byteLength(out.body) });
        res.end(out.body);
      },
      (e: unknown) => {
        logger.log('error', 'request failed', { error: String(e) });
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address() as AddressInfo;
      const shownHost = a.family === 'IPv6' ? `[${a.address}]` : a.address;
      resolve({
        server,
        url: `http://${shownHost}:${a.port}`,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => res());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
