import type { DailySteps } from '../daily-steps'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SessionStore } from '../session-store'
import type { StepsSummary } from '../summarize-steps'
import type { RunData } from '../../shared/run-data'
import type { RunDataPlatform } from '../../shared/platforms'

/**
 * A mini-program's credentials, from its platform's admin console.
 *
 * @example
 * const qq: AppCredentials = { appId: '1109876543', appSecret: process.env.QQ_APP_SECRET! }
 */
export interface AppCredentials {
  appId: string
  /** Never appears in a response, an error message or a log line. */
  appSecret: string
  /**
   * Refuses this platform's run data stamped more than this many seconds ago, instead of the
   * handler's `maxAgeSeconds`. Data without a watermark then fails, since its age cannot be
   * checked: QQ's watermark on run data is unconfirmed, so set it on `weapp` alone.
   *
   * @default the handler's `maxAgeSeconds`
   */
  maxAgeSeconds?: number
}

/**
 * What `onRunData` receives: the user and their decrypted, verified run data.
 *
 * @example
 * const onRunData = async ({ openid, days }: RunDataContext) => {
 *   for (const day of days) await db.upsert('steps', { openid, date: day.date, steps: day.steps })
 * }
 */
export interface RunDataContext {
  platform: RunDataPlatform
  /** The user's id within your mini-program. */
  openid: string
  /** The user's id across your apps, when the platform sends one. */
  unionid?: string
  /** One entry per calendar day, in `timeZone`, oldest first. */
  days: DailySteps[]
  summary: StepsSummary
  /** The decrypted data as it came. */
  data: RunData
}

/**
 * Where a request failed, as `onError` is told (the error's `code` says what to do about it).
 *
 * - `request`: the handler refused the request itself (method, type, size, shape, a slow body).
 *   Nothing was sent to the platform.
 * - `code2Session`: the platform did not exchange the login code.
 * - `session`: a stored session was missing, expired, of another platform or did not open the
 *   data (the client is told to log in again), or the session store failed.
 * - `configuration`: the platform rejected the appid or the secret: fix the server's settings.
 * - `decrypt`: the run data did not decrypt or verify.
 * - `onRunData`: your `onRunData` threw, or returned something that is not JSON.
 *
 * @example
 * const stage: RunDataStage = 'decrypt'
 */
export type RunDataStage = 'request' | 'code2Session' | 'session' | 'configuration' | 'decrypt' | 'onRunData'

/**
 * The options of {@link createRunDataHandler}.
 *
 * @example
 * const options: RunDataHandlerOptions = { qq: { appId: '1109876543', appSecret }, maxAgeSeconds: 300 }
 */
export interface RunDataHandlerOptions {
  /** The QQ mini-program's credentials. At least one of `qq` and `weapp` is required. */
  qq?: AppCredentials
  /** The WeChat mini-program's credentials. At least one of `qq` and `weapp` is required. */
  weapp?: AppCredentials
  /**
   * The IANA time zone whose calendar dates the days fall on.
   *
   * @default 'Asia/Shanghai'
   */
  timeZone?: string
  /**
   * Refuses run data stamped more than this many seconds ago, on every platform that does not
   * set its own. Data without a watermark then fails, since its age cannot be checked.
   *
   * @default undefined (any age)
   */
  maxAgeSeconds?: number
  /**
   * The largest body accepted, in bytes. A request that declares a larger `Content-Length` gets 413
   * before any of its body is read (and, with `Expect: 100-continue`, never `100 Continue`); one that
   * sends more than it declared gets 413 too. Real bodies are about 2 kB.
   *
   * @default 65536
   */
  maxBodyBytes?: number
  /**
   * How long the code exchange may take, in ms, its answer's body included; past it the client
   * gets 503.
   *
   * @default 10000
   */
  timeout?: number
  /**
   * How long the handler waits for the request's body, in ms; past it the client gets
   * `408 { error: 'request timeout' }` and the connection is closed, so slow clients can't hold
   * the server's connections.
   *
   * @default 10000
   */
  bodyTimeout?: number
  /**
   * Where the endpoint keeps sessions, so that an app logs in once (with `syncRunData`): a body
   * `{ platform, code }` then starts a session and is answered `{ session }`, an opaque token, and
   * `{ platform, session, encryptedData, iv }` is decrypted with the session's key. Every failure
   * of a stored session is answered `401 { error: 'log in again', relogin: true }`, and the
   * session is ended. `memorySessionStore()` for one process, `redisSessionStore(client)` for
   * several, or any {@link SessionStore}.
   *
   * @default none: every request brings its login code
   */
  sessions?: SessionStore
  /**
   * How long a session lasts, in seconds. The platform may rotate the user's `session_key` before
   * then; the first failure after that is a `relogin` answer.
   *
   * @default 604800 (7 days)
   */
  sessionTtlSeconds?: number
  /**
   * The `jscode2session` URLs to use instead of the platforms', e.g. a fake in tests.
   *
   * @default QQ's and WeChat's
   */
  endpoints?: { qq?: string; weapp?: string }
  /**
   * Called with every verified result, e.g. to store the days. Its return value, when not
   * `undefined`, is the JSON answer; if it throws, the client gets 500.
   *
   * @default none: the answer is `{ platform, days, summary }`
   */
  onRunData?: (run: RunDataContext) => unknown
  /**
   * Called with every failure and where it happened. Never given a secret or a session key.
   *
   * @default a `console.warn` of the error's code and message
   */
  onError?: (error: unknown, context: { platform?: RunDataPlatform; stage: RunDataStage }) => void
}

/**
 * The endpoint: a Fetch-standard `(request) => Promise<Response>`, and the same endpoint as a
 * Node listener in `node`.
 *
 * @example
 * const handler: RunDataHandler = createRunDataHandler({ qq: { appId, appSecret } })
 * export const POST = handler // a Next.js route handler
 * http.createServer(handler.node).listen(3000) // node:http
 */
export interface RunDataHandler {
  (request: Request): Promise<Response>
  /**
   * The same endpoint as a `(req, res)` listener for `node:http`, Express and Connect. It uses
   * `req.body` when a body parser already ran, and reads the body itself otherwise. The Promise
   * resolves once the answer is sent; it never rejects. Also give it `node:http`'s
   * `checkContinue` event, so that an oversized request with `Expect: 100-continue` gets 413 rather
   * than `100 Continue`: `http.createServer(handler.node).on('checkContinue', handler.node)`.
   */
  node: NodeListener
}

/**
 * A `(req, res)` listener for `node:http`, Express and Connect (which pass a third `next`, unused).
 * Its Promise resolves once the answer is sent and never rejects.
 *
 * @example
 * const listener: NodeListener = createRunDataHandler({ qq: { appId, appSecret } }).node
 * http.createServer(listener).on('checkContinue', listener).listen(3000)
 */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: unknown) => Promise<void>
