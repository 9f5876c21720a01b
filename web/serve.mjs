#!/usr/bin/env node
// Serves the browser app (build/wasm/web) on 127.0.0.1 with the right MIME types; no dependencies.
//   node web/serve.mjs [--port 8080] [--dir build/wasm/web]      (--port 0 picks a free port)
// Also a module: `import {serve} from './serve.mjs'` (the end-to-end tests start it this way).
//
// Sends FILE.br or FILE.gz (made by web/compress.mjs at build time) in place of FILE when the client
// accepts that encoding and the copy is not older than FILE, with FILE's Content-Type.
//
// Caching: every answer is `no-cache` with an ETag and Last-Modified, so the browser may keep a copy
// but asks each time whether it is still current (a 304 costs a few bytes). That is required for
// index.html and sw.js (the browser must see a new build), and right for the other files as well:
// their names do not change from one build to the next, so a long max-age would let a browser mix
// an old grove.wasm with a new grove.js. Working offline and starting without a download is the
// service worker's job (web/sw.js), which keeps each build's files under that build's version. A
// static host whose files had versioned names (grove.HASH.wasm) would send those with
// `Cache-Control: public, max-age=31536000, immutable` and keep `no-cache` for index.html and sw.js.
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

// The encodings the Accept-Encoding header allows, e.g. 'gzip, deflate, br' or 'br;q=0, *'.
function acceptedEncodings(header) {
  const accepted = new Set();
  const refused = new Set();
  let any = false;
  for (const part of String(header || '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const allowed = !q || Number(q.slice(2)) > 0;
    if (token === '*') any = allowed;
    else (allowed ? accepted : refused).add(token);
  }
  return (name) => accepted.has(name) || (any && !refused.has(name));
}

// The pre-compressed copies we look for, best first.
const kEncodings = [{name: 'br', suffix: '.br'}, {name: 'gzip', suffix: '.gz'}];

async function statOrNull(file) {
  try {
    return await stat(file);
  } catch {
    return null;
  }
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
  const info = await statOrNull(file);
  if (!info || !info.isFile()) return send(res, 404, 'Not found: ' + pathname);

  const type = kTypes[path.extname(file).toLowerCase()] || 'application/octet-stream';
  let body = {file, info, encoding: null};
  const accepts = acceptedEncodings(req.headers['accept-encoding']);
  for (const {name, suffix} of kEncodings) {
    if (!accepts(name)) continue;
    const copy = await statOrNull(file + suffix);
    // An older copy was made from an earlier build of the file: never send it.
    if (copy && copy.isFile() && copy.mtimeMs >= info.mtimeMs) {
      body = {file: file + suffix, info: copy, encoding: name};
      break;
    }
  }
  // One ETag per file version and encoding (the bytes sent differ between encodings).
  const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}${body.encoding ? '-' + body.encoding : ''}"`;
  const headers = {
    'Content-Type': type,
    'Cache-Control': 'no-cache',  // see the top of this file
    'ETag': etag,
    'Last-Modified': info.mtime.toUTCString(),
    'Vary': 'Accept-Encoding',
    'X-Content-Type-Options': 'nosniff',
  };
  if (body.encoding) headers['Content-Encoding'] = body.encoding;
  const ifNoneMatch = req.headers['if-none-match'];
  const notModified = ifNoneMatch !== undefined ?
      ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag) :
      req.headers['if-modified-since'] !== undefined &&
          Math.floor(info.mtimeMs / 1000) <= Math.floor(Date.parse(req.headers['if-modified-since']) / 1000);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);  // res.getHeader sees them
  if (notModified) {
    res.writeHead(304);
    return res.end();
  }
  res.setHeader('Content-Length', body.info.size);
  res.writeHead(200);
  if (req.method === 'HEAD') return res.end();
  createReadStream(body.file).on('error', () => res.destroy()).pipe(res);
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
