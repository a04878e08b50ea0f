import { base64Problem } from '../shared/base64'
import { MAX_TIMEOUT } from '../shared/limits'
import type { RunData } from '../shared/run-data'
import { instead, insteadOfRange, is16Bytes, isAge, isCount, isFilled, isObject, isTimeout, shouldBe } from '../shared/validation'
import { code2Session, type Code2SessionPlatform } from './code-to-session'
import { toDailySteps, type DailySteps } from './daily-steps'
import { decryptRunData } from './decrypt-run-data'
import { invalidInput, isQQApiError, isQQServerError, QQRequestError } from './errors'
import { nodeListener, type NodeListener } from './node-listener'
import { summarizeSteps, type StepsSummary } from './summarize-steps'

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
  platform: Code2SessionPlatform
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
 * Where a request failed, as `onError` is told.
 *
 * - `request`: the handler refused the request itself (method, type, size, shape). Nothing was sent
 *   to the platform.
 * - `code2Session`: the platform did not exchange the login code.
 * - `configuration`: the platform rejected the appid or the secret: fix the server's settings.
 * - `decrypt`: the run data did not decrypt or verify.
 * - `onRunData`: your `onRunData` threw, or returned something that is not JSON.
 *
 * @example
 * const stage: RunDataStage = 'decrypt'
 */
export type RunDataStage = 'request' | 'code2Session' | 'configuration' | 'decrypt' | 'onRunData'

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
   * The largest body accepted, in bytes; a larger one gets 413 without being read to its end.
   * Real bodies are about 2 kB.
   *
   * @default 65536
   */
  maxBodyBytes?: number
  /**
   * How long the code exchange may take, in ms; past it the client gets 503.
   *
   * @default 10000
   */
  timeout?: number
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
  onError?: (error: unknown, context: { platform?: Code2SessionPlatform; stage: RunDataStage }) => void
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
   * resolves once the answer is sent; it never rejects.
   */
  node: NodeListener
}

/** An answer, before it becomes a `Response` or is written to a `ServerResponse`. */
export interface Reply {
  status: number
  headers: Record<string, string>
  body: string
}

/**
 * What {@link Exchange.answer} is given: the body parsed or as text, or why there is none
 * (`consumed`: something read the stream before the handler and left no `req.body`).
 */
export type Body = { json: unknown } | { text: string } | 'too large' | 'consumed'

/** The endpoint without its transport: what both forms call. */
export interface Exchange {
  maxBodyBytes: number
  /** The answer to a request refused on its method, type or declared length, if any. */
  refuse(method: string, contentType: string | null | undefined, contentLength: string | null | undefined): Reply | undefined
  /** The answer to a request whose head passed `refuse`. */
  answer(body: Body): Promise<Reply>
}

const API = 'createRunDataHandler'
const PLATFORMS: readonly Code2SessionPlatform[] = ['qq', 'weapp']
const DEFAULT_MAX_BODY = 64 * 1024
// `application/json` and any `+json` type, with parameters such as `; charset=utf-8`.
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i
const INVALID_CODE = [40029, 40163]
const WRONG_CONFIGURATION = [40013, 40125]
const RATE_LIMITED = 45011

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS,
  body: JSON.stringify(body),
})
// Built once: every failure of a kind is answered with the very same bytes.
const METHOD_NOT_ALLOWED: Reply = { status: 405, headers: { allow: 'POST' }, body: '' }
const UNSUPPORTED_TYPE: Reply = { status: 415, headers: {}, body: '' }
// The rest of the body is never read, so the connection can't carry another request.
const TOO_LARGE: Reply = { status: 413, headers: { connection: 'close' }, body: '' }
const BAD_REQUEST = json(400, { error: 'bad request' })
const LOG_IN_AGAIN = json(401, { error: 'log in again' })
const INVALID_RUN_DATA = json(400, { error: 'invalid run data' })
const INTERNAL_ERROR = json(500, { error: 'internal error' })
const tryAgainLater = (seconds: number) => json(503, { error: 'try again later' }, { 'retry-after': String(seconds) })
const BUSY = tryAgainLater(1)
const RATE_LIMITED_REPLY = tryAgainLater(60)

// A malformed option at creation, and a refused request in onError: the same kind of error.
const invalid = (problem: string) => new QQRequestError('INVALID_INPUT', `${API}: ${problem}`)

/** Logs the code and the message: neither holds a secret, a session key or the data. */
const warn = (error: unknown, { platform, stage }: { platform?: Code2SessionPlatform; stage: RunDataStage }) => {
  const what = isQQServerError(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error)
  console.warn(`${API}: ${stage}${platform ? ` (${platform})` : ''}: ${what}`)
}

/** Whether the platform `name` is configured; throws when it is, badly. */
function isConfigured(name: Code2SessionPlatform, credentials: unknown): boolean {
  if (credentials === undefined) return false
  if (!isObject(credentials)) throw invalid(shouldBe(`options.${name}`, 'an Object { appId, appSecret }', credentials))
  if (!isFilled(credentials.appId)) throw invalid(shouldBe(`options.${name}.appId`, 'a non-empty String', credentials.appId))
  if (!isFilled(credentials.appSecret))
    throw invalid(shouldBe(`options.${name}.appSecret`, 'a non-empty String', credentials.appSecret))
  checkAge(`options.${name}.maxAgeSeconds`, credentials.maxAgeSeconds)
  return true
}

function checkAge(name: string, maxAgeSeconds: unknown): void {
  if (maxAgeSeconds !== undefined && !isAge(maxAgeSeconds))
    throw invalid(shouldBe(name, 'a finite Number >= 0', maxAgeSeconds, insteadOfRange))
}

function checkEndpoint(name: string, endpoint: unknown): void {
  let url: URL | undefined
  try {
    url = new URL(endpoint as string)
  } catch {}
  if (typeof endpoint != 'string' || !url || !/^https?:$/.test(url.protocol))
    throw invalid(shouldBe(name, 'an absolute http(s) URL', endpoint))
}

function checkOptions(options: RunDataHandlerOptions): void {
  if (!isObject(options)) throw invalid(shouldBe('options', 'Object', options))
  const { timeZone, maxAgeSeconds, maxBodyBytes, timeout, endpoints, onRunData, onError } = options
  const configured = PLATFORMS.filter((name) => isConfigured(name, options[name]))
  if (!configured.length)
    throw invalid("configure at least one platform: options.qq and/or options.weapp, each { appId, appSecret }")
  if (timeZone !== undefined) {
    if (typeof timeZone != 'string') throw invalid(shouldBe('options.timeZone', 'String', timeZone))
    try {
      toDailySteps([], { timeZone })
    } catch {
      throw invalid(`options.timeZone ${JSON.stringify(timeZone)} is not a time zone this runtime knows; use an IANA name such as 'Asia/Shanghai'`)
    }
  }
  checkAge('options.maxAgeSeconds', maxAgeSeconds)
  if (maxBodyBytes !== undefined && !(isCount(maxBodyBytes) && maxBodyBytes > 0))
    throw invalid(shouldBe('options.maxBodyBytes', 'an integer number of bytes above 0', maxBodyBytes, insteadOfRange))
  if (timeout !== undefined && !isTimeout(timeout))
    throw invalid(shouldBe('options.timeout', `a Number of ms above 0 and at most ${MAX_TIMEOUT}`, timeout, insteadOfRange))
  if (endpoints !== undefined) {
    if (!isObject(endpoints)) throw invalid(shouldBe('options.endpoints', 'an Object { qq?, weapp? }', endpoints))
    for (const name of PLATFORMS)
      if (endpoints[name] !== undefined) checkEndpoint(`options.endpoints.${name}`, endpoints[name])
  }
  if (onRunData !== undefined && typeof onRunData != 'function') throw invalid(shouldBe('options.onRunData', 'Function', onRunData))
  if (onError !== undefined && typeof onError != 'function') throw invalid(shouldBe('options.onError', 'Function', onError))
}

/** The answer to a failed code exchange, by the platform's errcode. */
function exchangeFailure(error: unknown): { reply: Reply; stage: RunDataStage } {
  if (isQQApiError(error)) {
    if (INVALID_CODE.includes(error.errcode)) return { reply: LOG_IN_AGAIN, stage: 'code2Session' }
    if (WRONG_CONFIGURATION.includes(error.errcode)) return { reply: INTERNAL_ERROR, stage: 'configuration' }
    if (error.errcode == RATE_LIMITED) return { reply: RATE_LIMITED_REPLY, stage: 'code2Session' }
  }
  // Busy (-1), any other errcode, unreachable, timed out, or an answer that is not the expected JSON.
  return { reply: BUSY, stage: 'code2Session' }
}

/** The endpoint's logic without its transport, shared by the Fetch and the Node forms. */
function createExchange(options: RunDataHandlerOptions): Exchange {
  checkOptions(options)
  const { timeZone, maxAgeSeconds, maxBodyBytes = DEFAULT_MAX_BODY, timeout, endpoints = {}, onRunData, onError = warn } = options
  // Copied now: a later change to the caller's objects doesn't change a running server.
  const apps = new Map<Code2SessionPlatform, { appId: string; appSecret: string; endpoint?: string; maxAgeSeconds?: number }>()
  for (const name of PLATFORMS) {
    const app = options[name]
    const endpoint = endpoints[name]
    const maxAge = app?.maxAgeSeconds ?? maxAgeSeconds
    if (app)
      apps.set(name, {
        appId: app.appId,
        appSecret: app.appSecret,
        ...(endpoint !== undefined && { endpoint }),
        ...(maxAge !== undefined && { maxAgeSeconds: maxAge }),
      })
  }
  const only = apps.size == 1 ? [...apps.keys()][0] : undefined

  const fail = (reply: Reply, error: unknown, stage: RunDataStage, platform?: Code2SessionPlatform): Reply => {
    try {
      onError(error, platform ? { platform, stage } : { stage })
    } catch {
      // A failing log must not change the answer.
    }
    return reply
  }

  const refuse: Exchange['refuse'] = (method, contentType, contentLength) => {
    if (method != 'POST') return fail(METHOD_NOT_ALLOWED, invalid(`the method is ${method}; the endpoint answers POST only`), 'request')
    if (!JSON_TYPE.test(contentType ?? ''))
      return fail(UNSUPPORTED_TYPE, invalid(`the content-type is ${JSON.stringify(contentType ?? '')}; send JSON (application/json)`), 'request')
    if (contentLength && Number(contentLength) > maxBodyBytes)
      return fail(TOO_LARGE, invalid(`the body is ${contentLength} bytes, over maxBodyBytes (${maxBodyBytes})`), 'request')
    return undefined
  }

  const answer: Exchange['answer'] = async (body) => {
    if (body == 'too large') return fail(TOO_LARGE, invalid(`the body is over maxBodyBytes (${maxBodyBytes})`), 'request')
    if (body == 'consumed')
      return fail(
        BAD_REQUEST,
        invalid('the body was read before the handler ran and req.body is not set: mount the handler before the body parser, or after one that sets req.body'),
        'request',
      )
    let parsed: unknown
    if ('json' in body) parsed = body.json
    else
      try {
        parsed = JSON.parse(body.text)
      } catch {
        return fail(BAD_REQUEST, invalid('the body is not JSON'), 'request')
      }
    if (!isObject(parsed)) return fail(BAD_REQUEST, invalid(shouldBe('the body', 'Object', parsed)), 'request')
    const { platform = only, code, encryptedData, iv } = parsed
    const app = apps.get(platform as Code2SessionPlatform)
    if (!app) {
      const which = platform === undefined ? 'is missing, and both qq and weapp are configured' : `should be one of ${[...apps.keys()].join(', ')} instead of ${typeof platform == 'string' ? JSON.stringify(platform) : instead(platform)}`
      return fail(BAD_REQUEST, invalid(`the body's platform ${which}`), 'request')
    }
    const at = platform as Code2SessionPlatform
    for (const [name, value] of [['code', code], ['encryptedData', encryptedData], ['iv', iv]] as const)
      if (!isFilled(value)) return fail(BAD_REQUEST, invalid(shouldBe(`the body's ${name}`, 'a non-empty String', value)), 'request', at)
    // Checked before the exchange too, so a malformed payload doesn't use up the login code. The
    // answer is the one every run data failure gets.
    const problem =
      base64Problem('iv', iv, is16Bytes, '16 bytes') ??
      base64Problem('encryptedData', encryptedData, (bytes) => bytes > 0 && bytes % 16 == 0, 'a non-empty multiple of 16 bytes (AES blocks)')
    if (problem) return fail(INVALID_RUN_DATA, invalidInput(API, `the body's ${problem}`), 'decrypt', at)

    let session: { openid: string; sessionKey: string; unionid?: string }
    try {
      const { appId, appSecret, endpoint } = app
      session = await code2Session({ platform: at, appId, appSecret, code: code as string, ...(endpoint !== undefined && { endpoint }), ...(timeout !== undefined && { timeout }) })
    } catch (error) {
      const { reply, stage } = exchangeFailure(error)
      return fail(reply, error, stage, at)
    }

    let run: RunDataContext
    try {
      const data = decryptRunData({
        encryptedData: encryptedData as string,
        iv: iv as string,
        sessionKey: session.sessionKey,
        appId: app.appId,
        ...(app.maxAgeSeconds !== undefined && { maxAgeSeconds: app.maxAgeSeconds }),
      })
      const days = toDailySteps(data.stepInfoList, timeZone === undefined ? undefined : { timeZone })
      run = { platform: at, openid: session.openid, days, summary: summarizeSteps(days), data }
      if (session.unionid !== undefined) run.unionid = session.unionid
    } catch (error) {
      // One answer for every cause: distinct answers would make a padding oracle.
      return fail(INVALID_RUN_DATA, error, 'decrypt', at)
    }

    if (!onRunData) return json(200, { platform: at, days: run.days, summary: run.summary })
    try {
      const result = await onRunData(run)
      const text = JSON.stringify(result === undefined ? { platform: at, days: run.days, summary: run.summary } : result)
      if (text === undefined) throw new TypeError(`${API}: onRunData returned a ${typeof result}, which is not JSON`)
      return { status: 200, headers: JSON_HEADERS, body: text }
    } catch (error) {
      return fail(INTERNAL_ERROR, error, 'onRunData', at)
    }
  }

  return { maxBodyBytes, refuse, answer }
}

/** Reads a web stream up to `limit` bytes; cancels it, unread, past the limit. */
async function readText(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Body> {
  if (!stream) return { text: '' }
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      void reader.cancel().catch(() => {})
      return 'too large'
    }
    chunks.push(value)
  }
  return { text: Buffer.concat(chunks).toString('utf8') }
}

const toResponse = ({ status, headers, body }: Reply) => new Response(body || null, { status, headers })

/**
 * Creates the whole run data endpoint: it takes the `{ platform?, code, encryptedData, iv }` that
 * `loginAndGetRunData` posts, exchanges the code with the platform, decrypts and verifies the
 * data, and answers `{ platform, days, summary }` (or what `onRunData` returns). Every failure
 * gets a fixed answer that carries no detail (`400 { error: 'bad request' }`, `401 { error: 'log in
 * again' }`, `503 { error: 'try again later' }`, `400 { error: 'invalid run data' }`, …) and its
 * cause goes to `onError`. A request refused on its method, type, size or shape is answered before
 * the code is exchanged, so it never uses the login code up. Nothing is kept between requests.
 *
 * It throws a {@link QQRequestError} with code `INVALID_INPUT` at once when an option is
 * malformed: a misconfigured server doesn't start.
 *
 * @example
 * import { createRunDataHandler } from 'taro-qq-run-data/server'
 *
 * const handler = createRunDataHandler({
 *   qq: { appId: process.env.QQ_APP_ID!, appSecret: process.env.QQ_APP_SECRET! },
 *   maxAgeSeconds: 300,
 *   onRunData: async ({ openid, days }) => { await saveDays(openid, days) },
 * })
 * app.post('/api/steps', handler.node) // Express; in Hono: app.post('/api/steps', (c) => handler(c.req.raw))
 */
export function createRunDataHandler(options: RunDataHandlerOptions): RunDataHandler {
  const exchange = createExchange(options)
  const handler = (async (request: Request) => {
    const { headers } = request
    const refusal = exchange.refuse(request.method, headers.get('content-type'), headers.get('content-length'))
    if (refusal) return toResponse(refusal)
    let body: Body
    try {
      body = await readText(request.body, exchange.maxBodyBytes)
    } catch {
      // The client went away or the stream broke: the body is as good as not JSON.
      body = { text: '' }
    }
    return toResponse(await exchange.answer(body))
  }) as RunDataHandler
  handler.node = nodeListener(exchange)
  return handler
}
