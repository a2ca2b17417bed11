import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type Admission, refuse } from './admission';

/**
 * The relay's HTTP side: GET /health (the relay's figures), 404 with a line
 * saying what is served for anything else, and 400/408/431 for requests
 * Node's parser cannot read, which cost nothing more. WebSocket upgrades
 * are the transport's ('upgrade' on the returned server).
 */
export function relayHttpServer(admission: Admission, health: () => object): Server {
  // Headers must arrive within headersTimeout; the check runs every connectionsCheckingInterval.
  const server = createServer({ connectionsCheckingInterval: 2000 }, (req, res) => {
    const a = admission.request(req);
    if (!a.ok) {
      res.writeHead(a.status, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(`${a.reason}\n`);
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && a.target.path === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(health()));
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('BrainBrowsR relay: WebSocket on any path; GET /health\n');
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    refuse(
      socket,
      status,
      status === 431 ? 'Request header fields too large' : status === 408 ? 'Request timeout' : 'Bad request',
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  return server;
}
