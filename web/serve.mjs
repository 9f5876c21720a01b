#!/usr/bin/env node
// Serves the browser app (build/wasm/web) on 127.0.0.1 with the right MIME types; no dependencies.
//   node web/serve.mjs [--port 8080] [--dir build/wasm/web]      (--port 0 picks a free port)
// Also a module: `import {serve} from './serve.mjs'` (the end-to-end tests start it this way).
import {createReadStream} from 'node:fs';
import {stat} from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultDir = path.resolve(here, '..', 'build', 'wasm', 'web');

const kTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function send(res, status, text) {
  res.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store'});
  res.end(text + '\n');
}

async function handle(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
  } catch {
    return send(res, 400, 'Bad request');
  }
  if (pathname.endsWith('/')) pathname += 'index.html';
  const file = path.resolve(root, '.' + pathname);
  if (file !== root && !file.startsWith(root + path.sep)) return send(res, 403, 'Forbidden');
  let info;
  try {
    info = await stat(file);
  } catch {
    return send(res, 404, 'Not found: ' + pathname);
  }
  if (!info.isFile()) return send(res, 404, 'Not found: ' + pathname);
  res.writeHead(200, {
    'Content-Type': kTypes[path.extname(file).toLowerCase()] || 'application/octet-stream',
    'Content-Length': info.size,
    // A development server: always the freshly built files.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

// Starts serving `dir`; resolves to {server, url, close()} once listening.
export function serve({dir = defaultDir, host = '127.0.0.1', port = 8080} = {}) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    handle(root, req, res).catch((err) => send(res, 500, String(err)));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        server,
        url: `http://${host}:${address.port}/`,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port' && i + 1 < argv.length) options.port = Number(argv[++i]);
    else if (arg === '--dir' && i + 1 < argv.length) options.dir = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node web/serve.mjs [--port 8080] [--dir build/wasm/web]');
      process.exit(0);
    } else {
      console.error(`serve.mjs: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const options = parseArgs(process.argv.slice(2));
  const dir = path.resolve(options.dir || defaultDir);
  try {
    await stat(path.join(dir, 'index.html'));
  } catch {
    console.error(`serve.mjs: ${dir}/index.html is missing; build first: cmake --build --preset wasm`);
    process.exit(1);
  }
  try {
    const {url} = await serve({...options, dir});
    console.log(`Grove is served from ${dir}`);
    console.log(`Open ${url}  (Ctrl-C stops)`);
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(1);
  }
  process.on('SIGINT', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
