import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { code2Session, decryptQQRunData, summarizeSteps, toDailySteps, type QQServerError } from 'taro-qq-run-data/server'
import { listenOnLoopback, sendJson, type LoopbackServer } from '../shared/node/loopback-server'

/**
 * The options of {@link startExampleBackend}.
 *
 * @example
 * const options: ExampleBackendOptions = { appId: '1109876543', appSecret, endpoint: qqApi.endpoint }
 */
export interface ExampleBackendOptions {
  appId: string
  appSecret: string
  /** Where `code2Session` sends the login code: QQ's API, or a stand-in. */
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

// Far above a real payload (30 days are about 1.5 kB of base64), far below a memory problem.
const MAX_BODY = 64 * 1024
// The data is stamped when getQQRunData runs, and the client posts it right away.
const MAX_AGE_SECONDS = 300

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

const reason = (error: unknown) => `${(error as QQServerError).code ?? 'BAD_REQUEST'}: ${(error as Error).message}`

/**
 * Starts the backend an app would run, built with `node:http` and `taro-qq-run-data/server`:
 *
 * - `POST /login` `{ code }` exchanges the code with `code2Session` and answers `{ token }`: a
 *   random session token. The session key stays on the server, behind the token.
 * - `POST /steps` `{ token, encryptedData, iv }` decrypts with that session's key
 *   (`decryptQQRunData`, at most 5 minutes old) and answers `{ days, summary }`
 *   (`toDailySteps`, `summarizeSteps`).
 *
 * Every failure of `/steps` gets one and the same answer, 400 `{ error: 'invalid run data' }`,
 * and the reason goes to `log` only: telling a bad padding apart from other failures would make
 * the endpoint a padding oracle. A token it does not know gets 401, which says nothing about the
 * data.
 *
 * @example
 * const backend = await startExampleBackend({ appId, appSecret, endpoint: qqApi.endpoint, log: console.warn })
 */
export async function startExampleBackend({ appId, appSecret, endpoint, log = () => {} }: ExampleBackendOptions): Promise<ExampleBackend> {
  // A real app keeps sessions in its session store, with an expiry, next to the user's openid.
  const sessions = new Map<string, { openid: string; sessionKey: string }>()
  let requests = 0

  const login = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const { code } = (await readJson(req)) as { code?: string }
      const { openid, sessionKey } = await code2Session({ appId, appSecret, code: code!, endpoint })
      const token = randomUUID()
      sessions.set(token, { openid, sessionKey })
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
      const data = decryptQQRunData({ encryptedData, iv, sessionKey: session.sessionKey, appId, maxAgeSeconds: MAX_AGE_SECONDS })
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
