import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * An HTTP server listening on a free port of 127.0.0.1, as {@link listenOnLoopback} starts it.
 *
 * @example
 * const server = await listenOnLoopback((req, res) => res.end('ok'))
 * await fetch(server.url)
 * await server.close()
 */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string
  port: number
  /** Stops listening and ends every connection, idle keep-alive ones included. */
  close(): Promise<void>
}

/**
 * Answers `res` with `status` and `body` as JSON.
 *
 * @example
 * sendJson(res, 404, { error: 'not found' })
 */
export const sendJson = (res: ServerResponse, status: number, body: object): void =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

/**
 * Starts `handler` (a `node:http` request listener) on 127.0.0.1, on a port the system picks
 * (port 0), so nothing else on the machine is reached and two runs never collide: for stand-ins
 * of your own, such as your backend in a client test. `close()` ends every connection at once,
 * idle keep-alive ones included, so a test never waits for them. The fake code2Session server
 * is built on it. Node only.
 *
 * @example
 * import { listenOnLoopback } from 'taro-qq-run-data/testing'
 *
 * const backend = await listenOnLoopback((req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'))
 * await fetch(backend.url)
 * await backend.close()
 */
export async function listenOnLoopback(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<LoopbackServer> {
  const server = createServer(handler)
  // Tracked here rather than ended with server.closeAllConnections(), which Node 18.0 and 18.1
  // lack (package.json says node >= 18).
  const sockets = new Set<Socket>()
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // close() alone waits for keep-alive connections, which fetch holds open for reuse.
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      }),
  }
}
