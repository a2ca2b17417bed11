import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { packageRoot } from './package-root';

const FEED = join(packageRoot(), 'demo/feed.html');
const BROWSE = join(packageRoot(), 'demo/browse.html');

/** Serves the bundled demo pages (a feed, a page to browse, a plain page) on loopback (content scripts run on http pages). */
export async function serveDemo(port = 0): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const html = readFileSync(FEED);
  const browse = readFileSync(BROWSE);
  const plain = Buffer.from(
    '<!doctype html><title>Plain page</title><h1>A page without posts</h1>' +
      Array.from(
        { length: 40 },
        (_, i) => `<p id="p${i}">Paragraph ${i + 1}. <a href="#p${i + 1}">next paragraph</a></p>`,
      ).join(''),
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/feed.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(html);
    } else if (path === '/browse.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(browse);
    } else if (path === '/plain.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(plain);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      // Browsers keep connections alive: end them so the port is free now.
      server.closeAllConnections();
    });
  return { url, server, close };
}
