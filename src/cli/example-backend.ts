import { createRunDataHandler, memorySessionStore, type AppCredentials, type RunDataError, type RunDataPlatform } from 'taro-qq-run-data/server'
import { listenOnLoopback, type LoopbackServer } from 'taro-qq-run-data/testing'

/**
 * The options of {@link startExampleBackend}.
 *
 * @example
 * const options: ExampleBackendOptions = { apps: { qq: { appId: '1109876543', appSecret } }, endpoint: server.endpoint }
 */
export interface ExampleBackendOptions {
  /** The app of each platform it serves: one Taro codebase is a QQ and a WeChat mini-program, each with its own appid. */
  apps: { qq?: Pick<AppCredentials, 'appId' | 'appSecret'>; weapp?: Pick<AppCredentials, 'appId' | 'appSecret'> }
  /** Where the login code is exchanged, for both platforms: their APIs, or a stand-in that answers for both. */
  endpoint: string
  /**
   * Where the backend writes why a request failed: the stage, the error's code and its message,
   * never a secret. The details stay on the server.
   *
   * @default nowhere
   */
  log?: (line: string) => void
}

/**
 * One row of the example backend's store: a user's steps on one calendar day.
 *
 * @example
 * const row: StoredDay = { platform: 'qq', openid: 'D2C3…', date: '2024-06-01', steps: 8532 }
 */
export interface StoredDay {
  platform: RunDataPlatform
  openid: string
  /** `YYYY-MM-DD` in Asia/Shanghai. */
  date: string
  steps: number
}

/**
 * The example backend, listening.
 *
 * @example
 * const backend = await startExampleBackend(options)
 * console.log(backend.url, backend.requests, backend.rows.length)
 */
export interface ExampleBackend extends LoopbackServer {
  /** How many requests it has answered. */
  readonly requests: number
  /** Its store: one row per `(openid, date)`, in the order they were first written. */
  readonly rows: readonly StoredDay[]
}

/**
 * Starts the backend an app would run: `createRunDataHandler` from `taro-qq-run-data/server` on
 * `node:http`, with only what the handler leaves to the app around it.
 *
 * - `POST /steps` is the handler: it takes the `{ platform, code, encryptedData, iv }` that
 *   `loginAndGetRunData` resolves with, exchanges the code, decrypts, and answers
 *   `{ platform, days, summary }`, or a fixed error without details. Anything else is 404.
 * - WeChat's data is held to at most 5 minutes old: WeChat stamps it when `getWeRunData` runs and
 *   the client posts it at once. QQ's is taken at any age, as QQ's watermark on run data is
 *   unconfirmed and asking for an age it cannot check would refuse it.
 * - `onRunData` upserts one row per `(openid, date)` into an in-memory store (`rows`), the way a
 *   real app writes the days into its database: a day seen again gets its latest count.
 * - `onError` writes one line to `log` per failure.
 *
 * @example
 * const backend = await startExampleBackend({ apps: { qq: { appId, appSecret } }, endpoint: server.endpoint, log: console.warn })
 */
export async function startExampleBackend({ apps, endpoint, log = () => {} }: ExampleBackendOptions): Promise<ExampleBackend> {
  // A real app's table, with a unique key on (openid, date).
  const store = new Map<string, StoredDay>()
  const handler = createRunDataHandler({
    ...(apps.qq && { qq: apps.qq }),
    ...(apps.weapp && { weapp: { ...apps.weapp, maxAgeSeconds: 300 } }),
    endpoints: { qq: endpoint, weapp: endpoint },
    // One process: the sessions of syncRunData live in memory (Redis for several).
    sessions: memorySessionStore(),
    onRunData: ({ platform, openid, days }) => {
      for (const { date, steps } of days) store.set(`${openid} ${date}`, { platform, openid, date, steps })
    },
    onError: (error, { platform, stage }) => {
      // Every stage but onRunData gives a RunDataError, and this onRunData does not throw.
      const { code, message } = error as RunDataError
      log(`POST /steps failed in ${stage}${platform ? ` (${platform})` : ''}: ${code}: ${message}`)
    },
  })
  let requests = 0
  const server = await listenOnLoopback((req, res) => {
    requests++
    if (req.method == 'POST' && req.url == '/steps') void handler.node(req, res)
    else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}')
  })
  return {
    ...server,
    get requests() {
      return requests
    },
    get rows() {
      return [...store.values()]
    },
  }
}
