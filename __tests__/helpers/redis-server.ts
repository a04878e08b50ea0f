// Debian's redis-server, started by a test on a free loopback port, with no persistence and its
// own temporary directory, and stopped afterwards. `npm test` makes sure it is installed
// (scripts/ensure-redis.mjs).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RedisServer {
  readonly port: number
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string
  /** Stops the server (SIGTERM), as Redis going down would; `start()` brings it back on the same port. */
  stop(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
  /** Stops it for good and removes its directory. */
  close(): Promise<void>
}

const READY_WITHIN = 10_000

/** A port nothing listens on now, from the kernel. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** Whether a Redis on `port` answers PING with PONG. */
function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    socket.setTimeout(500, () => socket.destroy())
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1')
      if (answer.includes('\r\n')) socket.end()
    })
    socket.on('error', () => {})
    socket.on('close', () => resolve(answer.startsWith('+PONG')))
  })
}

const exited = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(new Error(`redis-server did not start (${error.message}); npm test installs it: node scripts/ensure-redis.mjs`)))
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`)))
  })
  failed.catch(() => {})
  const deadline = Date.now() + READY_WITHIN
  while (!(await Promise.race([pong(port), failed]))) {
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server on port ${port} did not answer PING within ${READY_WITHIN} ms:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

/** Starts a redis-server on a free loopback port and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'taro-qq-run-data-redis-'))
  let port = await freePort()
  let child: ChildProcess | undefined
  // Another process may take the free port before redis-server binds it: then try another.
  for (let attempt = 1; !child; attempt++)
    try {
      child = await launch(port, dir)
    } catch (error) {
      if (attempt == 3) throw error
      port = await freePort()
    }
  const stop = async () => {
    if (!child) return
    const stopping = exited(child)
    child.kill('SIGTERM')
    await stopping
    child = undefined
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    async start() {
      if (!child) child = await launch(port, dir)
    },
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
