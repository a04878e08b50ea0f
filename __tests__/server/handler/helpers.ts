// Real servers on 127.0.0.1:0 for the handler tests, a request helper that never keeps a
// connection alive (so a server's connection count drops to 0 once the answer is in), and the
// mock logins that give valid codes and data.
import { request as httpRequest, type RequestListener } from 'node:http'
import type { Socket } from 'node:net'
import type { RunDataHandler } from 'taro-qq-run-data/server'
import { listenOnLoopback, mockQQRuntime, mockWeChatRuntime } from 'taro-qq-run-data/testing'

export const QQ_APP = { appId: '1109876543', appSecret: 'qq-secret-Zq7' }
export const WEAPP_APP = { appId: 'wx4f4bc4dec97d474b', appSecret: 'weapp-secret-Wx9' }

// 2024-06-01 and 2024-06-02, 00:00 in Shanghai.
export const STEPS = [
  { timestamp: 1717171200, step: 8532 },
  { timestamp: 1717257600, step: 12000 },
]
export const DAYS = [
  { date: '2024-06-01', steps: 8532, timestamp: 1717171200 },
  { date: '2024-06-02', steps: 12000, timestamp: 1717257600 },
]
export const SUMMARY = { days: 2, total: 20532, average: 10266, best: DAYS[1], latest: DAYS[1] }

/** A server listening on 127.0.0.1, at /steps, with its count of open connections. */
export interface Running {
  url: string
  connections(): Promise<number>
  close(): Promise<void>
}

/**
 * `listener` (a `node:http` listener: an Express app, Koa's `app.callback()`, Fastify's
 * `app.routing`, …) on the testing kit's `listenOnLoopback`, which also ends every connection on
 * `close()`. It keeps its sockets to itself, so the ones that brought a request are counted here.
 */
export async function onLoopback(listener: RequestListener): Promise<Running> {
  const open = new Set<Socket>()
  const server = await listenOnLoopback((req, res) => {
    if (!open.has(req.socket)) open.add(req.socket.once('close', () => open.delete(req.socket)))
    listener(req, res)
  })
  return { url: `${server.url}/steps`, connections: async () => open.size, close: server.close }
}

export const onNodeHttp = (handler: RunDataHandler) => onLoopback((req, res) => void handler.node(req, res))

/** What came back: status, headers (without `date`) and the body as text. */
export interface Answer {
  status: number
  headers: Record<string, string>
  text: string
}

const VARYING = new Set(['date'])

/**
 * Sends one request on a connection of its own that is closed afterwards. `body` as a Buffer
 * or string is sent with its length; as an array of chunks, chunked.
 */
export function send(
  url: string,
  { method = 'POST', type = 'application/json', body, headers = {} }: { method?: string; type?: string | null; body?: string | Buffer | Buffer[]; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false, headers: { ...(type && { 'content-type': type }), ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const kept = Object.entries(res.headers).filter(([name]) => !VARYING.has(name))
        resolve({ status: res.statusCode!, headers: Object.fromEntries(kept) as Record<string, string>, text: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', reject)
    })
    // A server may answer before the body is sent and then close: what came back still counts.
    req.on('error', reject)
    if (Array.isArray(body)) {
      for (const chunk of body) req.write(chunk)
      req.end()
    } else req.end(body)
  })
}

export const postJson = (url: string, body: unknown) => send(url, { body: JSON.stringify(body) })

export type Platform = 'qq' | 'weapp'

/** A mock runtime of `platform`, whose `login()` gives a fresh valid code each time and `runData()` encrypted data. */
export function mockLogin(platform: Platform, options: Parameters<typeof mockQQRuntime>[0] = {}) {
  const runtime =
    platform == 'qq' ? mockQQRuntime({ appId: QQ_APP.appId, ...options }) : mockWeChatRuntime({ appId: WEAPP_APP.appId, ...options })
  const host = (globalThis as unknown as Record<string, Record<string, (callbacks: object) => void>>)[platform == 'qq' ? 'qq' : 'wx']!
  const call = <T>(name: string) => new Promise<T>((resolve, reject) => host[name]!({ success: resolve, fail: reject }))
  return {
    runtime,
    login: async () => (await call<{ code: string }>('login')).code,
    runData: () => call<{ encryptedData: string; iv: string }>(platform == 'qq' ? 'getQQRunData' : 'getWeRunData'),
    /** A body as `loginAndGetRunData` posts it: `{ platform, code, encryptedData, iv }`. */
    async body(overrides: Record<string, unknown> = {}) {
      const code = await this.login()
      const { encryptedData, iv } = await this.runData()
      return { platform, code, encryptedData, iv, ...overrides }
    },
  }
}
