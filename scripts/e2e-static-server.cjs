// The static server scripts/e2e.mjs serves the h5 build with: 127.0.0.1 only, files under one
// directory only. A bad request gets an HTTP error rather than ending the run, and the server is
// closed however the browsing ends, so a failed step can't leave the script hanging.
const { createReadStream, existsSync, statSync } = require('node:fs')
const { createServer } = require('node:http')
const { extname, join, resolve, sep } = require('node:path')

const contentTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.ttf': 'font/ttf' }

/** Serves `dir` on a free port of 127.0.0.1; resolves with the listening `http.Server`. */
function serve(dir) {
  const server = createServer((req, res) => {
    let url
    let file
    try {
      url = new URL(req.url, 'http://127.0.0.1')
      file = resolve(dir, '.' + decodeURIComponent(url.pathname))
    } catch {
      // A malformed escape (`/%E0%A4%A`) or target (`//`) is the client's error; thrown here, it
      // would be an uncaught exception that ends the whole run.
      return res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request')
    }
    if (!file.startsWith(dir + sep) && file !== dir) return res.writeHead(403).end()
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) {
      if (url.pathname === '/favicon.ico') return res.writeHead(204).end()
      return res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
    res.writeHead(200, { 'content-type': contentTypes[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' })
    createReadStream(file).pipe(res)
  })
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)))
}

/**
 * Serves `dir` while `browse(origin)` runs, and resolves or rejects as it does. The server is
 * closed in every case, its connections included: one left listening keeps Node, and CI, waiting.
 */
async function whileServing(dir, browse) {
  const server = await serve(dir)
  try {
    return await browse(`http://127.0.0.1:${server.address().port}`)
  } finally {
    await new Promise((res) => {
      server.close(res)
      server.closeAllConnections()
    })
  }
}

module.exports = { serve, whileServing }
