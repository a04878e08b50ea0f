import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { code2Session, decryptRunData, summarizeSteps, toDailySteps, type Code2SessionPlatform, type QQServerError } from 'taro-qq-run-data/server'
import { listenOnLoopback, type LoopbackServer } from 'taro-qq-run-data/testing'

/**
 * One mini-program the example backend serves.
 *
 * @example
 * const app: ExampleApp = { appId: '1109876543', appSecret: process.env.QQ_APP_SECRET! }
 */
export interface ExampleApp {
  appId: string
  appSecret: string
}

/**
 * The options of {@link startExampleBackend}.
 *
 * @example
 * const options: ExampleBackendOptions = { apps: { qq: { appId: '1109876543', appSecret } }, endpoint: server.endpoint }
 */
export interface ExampleBackendOptions {
  /** The app of each platform it serves: one Taro codebase is a QQ and a WeChat mini-program, each with its own appid. */
  apps: Partial<Record<Code2SessionPlatform, ExampleApp>>
  /** Where `code2Session` sends the login code: the platforms' APIs, or a stand-in that answers for both. */
  endpoint: string
  /**
   * Where the backend writes why a request failed: the details stay on the server.
   *
   * @default nowhere
   */
  log?: (line: string) => void
}

/**
 * The example backend, listening.
 *
 * @example
 * const backend = await startExampleBackend(options)
 * console.log(backend.url, backend.requests)
 */
export interface ExampleBackend extends LoopbackServer {
  /** How many requests it has answered. */
  readonly requests: number
}

// Far above a real payload (31 days are about 2 kB of base64), far below a memory problem.
const MAX_BODY = 64 * 1024
// WeChat stamps the data when getWeRunData runs, and the client posts it right away. QQ's run
// data may have no watermark at all, and asking for an age it cannot check would refuse it.
const MAX_AGE_SECONDS: Record<Code2SessionPlatform, number | undefined> = { weapp: 300, qq: undefined }

// The whole body, kept only up to the limit; read to its end either way, so that the answer
// can be sent on a connection that is still in order.
const readJson = (req: IncomingMessage) =>
  new Promise<unknown>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    req.on('error', reject)
    req.on('end', () => {
      try {
        if (size > MAX_BODY) throw new Error(`the body is over ${MAX_BODY} bytes`)
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch (error) {
        reject(error)
      }
    })
  })

const sendJson = (res: ServerResponse, status: number, body: object) =>
  void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

const reason = (error: unknown) => `${(error as QQServerError).code ?? 'BAD_REQUEST'}: ${(error as Error).message}`

/**
 * Starts the backend an app would run, built with `node:http` and `taro-qq-run-data/server`:
 *
 * - `POST /login` `{ code, platform? }` (`'qq'`, the default, or `'weapp'`) exchanges the code
 *   with that platform's `code2Session` and answers `{ token }`: a random session token. The
 *   session key stays on the server, behind the token.
 * - `POST /steps` `{ token, encryptedData, iv }` decrypts with that session's key and app
 *   (`decryptRunData`; WeChat's data at most 5 minutes old, QQ's of any age, as it may carry no
 *   watermark) and answers `{ days, summary }` (`toDailySteps`, `summarizeSteps`).
 *
 * Every failure of `/steps` gets one and the same answer, 400 `{ error: 'invalid run data' }`,
 * and the reason goes to `log` only: telling a bad padding apart from other failures would make
 * the endpoint a padding oracle. A token it does not know gets 401, which says nothing about the
 * data.
 *
 * @example
 * const backend = await startExampleBackend({ apps: { qq: { appId, appSecret } }, endpoint: server.endpoint, log: console.warn })
 */
export async function startExampleBackend({ apps, endpoint, log = () => {} }: ExampleBackendOptions): Promise<ExampleBackend> {
  // A real app keeps sessions in its session store, with an expiry, next to the user's openid.
  const sessions = new Map<string, { platform: Code2SessionPlatform; appId: string; openid: string; sessionKey: string }>()
  let requests = 0

  const login = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const { code, platform = 'qq' } = (await readJson(req)) as { code?: string; platform?: Code2SessionPlatform }
      const app = Object.prototype.hasOwnProperty.call(apps, platform) ? apps[platform] : undefined
      if (!app) throw new Error(`no app for the platform ${JSON.stringify(platform)}`)
      const { appId, appSecret } = app
      const { openid, sessionKey } = await code2Session({ platform, appId, appSecret, code: code!, endpoint })
      const token = randomUUID()
      sessions.set(token, { platform, appId, openid, sessionKey })
      sendJson(res, 200, { token })
    } catch (error) {
      log(`POST /login failed: ${reason(error)}`)
      sendJson(res, 401, { error: 'login failed' })
    }
  }

  const steps = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const { token, encryptedData, iv } = (await readJson(req)) as { token?: string; encryptedData: string; iv: string }
      const session = sessions.get(token!)
      if (!session) return sendJson(res, 401, { error: 'log in again' })
      const { platform, appId, sessionKey } = session
      const data = decryptRunData({ encryptedData, iv, sessionKey, appId, maxAgeSeconds: MAX_AGE_SECONDS[platform] })
      const days = toDailySteps(data.stepInfoList)
      sendJson(res, 200, { days, summary: summarizeSteps(days) })
    } catch (error) {
      log(`POST /steps failed: ${reason(error)}`)
      sendJson(res, 400, { error: 'invalid run data' })
    }
  }

  const server = await listenOnLoopback((req, res) => {
    requests++
    const route = `${req.method} ${req.url}`
    if (route == 'POST /login') void login(req, res)
    else if (route == 'POST /steps') void steps(req, res)
    else sendJson(res, 404, { error: 'not found' })
  })
  return {
    ...server,
    get requests() {
      return requests
    },
  }
}
