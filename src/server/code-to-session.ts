import { MAX_TIMEOUT } from '../shared/limits'
import { instead, insteadOfRange, isFilled, isObject, isTimeout, shouldBe } from '../shared/validation'
import { QQApiError, QQRequestError } from './errors'

/**
 * Whose `jscode2session` {@link code2Session} asks: QQ's or WeChat's. Both take the same query
 * and answer with the same fields.
 *
 * @example
 * const platform: Code2SessionPlatform = process.env.TARO_ENV === 'weapp' ? 'weapp' : 'qq'
 */
export type Code2SessionPlatform = 'qq' | 'weapp'

/**
 * The options of {@link code2Session}.
 *
 * @example
 * const options: Code2SessionOptions = { appId: '1109876543', appSecret: process.env.QQ_APP_SECRET!, code }
 */
export interface Code2SessionOptions {
  /**
   * Which platform the login code comes from: `'qq'` (`qq.login`) or `'weapp'` (`wx.login`). It
   * picks the default `endpoint`, the advice for each errcode and the platform messages name.
   *
   * @default 'qq'
   */
  platform?: Code2SessionPlatform
  /** Your mini-program's appid. */
  appId: string
  /** Your mini-program's AppSecret. Never appears in an error message. */
  appSecret: string
  /** The login code `qq.login` or `wx.login` (`Taro.login`) gave the mini-program. Valid once, for 5 minutes. */
  code: string
  /**
   * The URL the query string is added to, e.g. a local stand-in for tests (such as the testing
   * kit's `startFakeCode2SessionServer`) or an egress proxy.
   *
   * @default 'https://api.q.qq.com/sns/jscode2session' for 'qq', 'https://api.weixin.qq.com/sns/jscode2session' for 'weapp'
   */
  endpoint?: string
  /**
   * Fails with `TIMEOUT` when the whole answer did not arrive within this many ms.
   *
   * @default 10000
   */
  timeout?: number
  /**
   * The `fetch` to use, e.g. one with a proxy agent.
   *
   * @default globalThis.fetch
   */
  fetch?: typeof fetch
}

/**
 * What {@link code2Session} resolves with. Keep `sessionKey` on the server, next to `openid`:
 * it decrypts the user's data and must never reach the client.
 *
 * @example
 * const session: Code2SessionResult = { openid: 'A1B2…', sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }
 */
export interface Code2SessionResult {
  /** The user's id within your mini-program. */
  openid: string
  /** The key that decrypts the user's open data until the next `qq.login`. */
  sessionKey: string
  /** The user's id across your apps, when the platform sends one. */
  unionid?: string
}

const API = 'code2Session'

// What each platform is called in messages, where its API lives and how its app logs in.
const PLATFORMS = {
  qq: { name: 'QQ', endpoint: 'https://api.q.qq.com/sns/jscode2session', login: 'qq.login' },
  weapp: { name: 'WeChat', endpoint: 'https://api.weixin.qq.com/sns/jscode2session', login: 'wx.login' },
} as const

// The errcodes both platforms document for jscode2session, with what to do about each.
const HINTS: Record<number, (platform: (typeof PLATFORMS)[Code2SessionPlatform]) => string> = {
  [-1]: ({ name }) => `${name} is busy; retry in a moment`,
  40013: () => 'the appid is invalid; check appId',
  40029: ({ login }) => `the login code is invalid or expired; call ${login} again and send the new code`,
  40125: () => 'the AppSecret is invalid; check appSecret',
  40163: ({ login }) => `the login code was already used; call ${login} again and send the new code`,
  40226: () => 'the user is blocked as high-risk; the platform refuses to log them in',
  45011: ({ name }) => `rate limited (${name} allows each user about 100 calls a minute); retry later`,
}

const invalid = (name: string, expected: string, value: unknown, describe?: (value: unknown) => string) =>
  new QQRequestError('INVALID_INPUT', `${API}: ${shouldBe(name, expected, value, describe)}`)

// The failure's own message and its causes', which is where Node's fetch says what happened
// ("fetch failed: connect ECONNREFUSED …"). Bounded, because a cause chain may be a cycle.
function reasons(error: unknown): string {
  const found: string[] = []
  for (let depth = 0, e = error; e != null && depth < 3; depth++, e = (e as Error).cause)
    found.push(String((e as Error).message ?? e))
  return found.join(': ')
}

/**
 * Exchanges the login code from `qq.login` (or, with `platform: 'weapp'`, `wx.login`) for the
 * user's `openid` and `session_key`, with
 * `GET https://api.q.qq.com/sns/jscode2session?appid=…&secret=…&js_code=…&grant_type=authorization_code`
 * (WeChat: `https://api.weixin.qq.com/sns/jscode2session`, the same query). Uses the global
 * `fetch` (Node >= 18), so no HTTP library is needed.
 *
 * It rejects with a {@link QQApiError} (code `API_ERROR`, with the platform's `errcode` and
 * `errmsg`) when the platform answers with a non-zero `errcode`: -1 busy, 40029 invalid code,
 * 40163 code already used, 40226 high-risk user, 45011 rate limited, 40013 / 40125 wrong appid /
 * secret. Every other failure is a {@link QQRequestError} whose `code` is `INVALID_INPUT`,
 * `NETWORK_ERROR`, `TIMEOUT`, `HTTP_ERROR` or `INVALID_RESPONSE`. Every message names the
 * platform that answered. No message, and no `cause`, contains the app secret or the session key.
 *
 * @example
 * import { code2Session } from 'taro-qq-run-data/server'
 *
 * const { openid, sessionKey } = await code2Session({ appId: '1109876543', appSecret, code: req.body.code })
 * const wechat = await code2Session({ platform: 'weapp', appId: 'wx4f4bc4dec97d474b', appSecret, code })
 */
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult> {
  if (!isObject(options)) throw invalid('options', 'Object', options)
  const { platform = 'qq', appId, appSecret, code, timeout = 10000, fetch = globalThis.fetch } = options
  if (platform !== 'qq' && platform !== 'weapp')
    throw invalid('platform', "'qq' or 'weapp'", platform, (value) => (typeof value == 'string' ? JSON.stringify(value) : instead(value)))
  const answerer = PLATFORMS[platform]
  const { endpoint = answerer.endpoint } = options
  if (!isFilled(appId)) throw invalid('appId', 'a non-empty String', appId)
  if (!isFilled(appSecret)) throw invalid('appSecret', 'a non-empty String', appSecret)
  if (!isFilled(code)) throw invalid('code', 'a non-empty String', code)
  if (!isTimeout(timeout))
    throw invalid('timeout', `a Number of ms above 0 and at most ${MAX_TIMEOUT}`, timeout, insteadOfRange)
  if (typeof fetch != 'function') throw invalid('fetch', 'Function (Node >= 18 has a global fetch)', fetch)
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw invalid('endpoint', 'an absolute http(s) URL', endpoint)
  }
  if (!/^https?:$/.test(url.protocol)) throw invalid('endpoint', 'an absolute http(s) URL', endpoint)
  const where = `the ${answerer.name} API at ${url.origin + url.pathname}`
  url.searchParams.set('appid', appId)
  url.searchParams.set('secret', appSecret)
  url.searchParams.set('js_code', code)
  url.searchParams.set('grant_type', 'authorization_code')

  // A fetch error may quote the URL, and with it the secret: scrub any text we pass on, of the
  // `secret` query parameter and of the secret itself, plain, encoded as the URL has it
  // (URLSearchParams: a space as '+', `!'()~` escaped) or as encodeURIComponent encodes it.
  // Longest first, so that a shorter form can't break up a longer one it is part of.
  const secrets = [appSecret, encodeURIComponent(appSecret), new URLSearchParams({ s: appSecret }).toString().slice(2)].sort(
    (a, b) => b.length - a.length,
  )
  const scrub = (text: string) =>
    secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text.replace(/([?&]secret=)[^&#\s]*/g, '$1***'))

  const exchange = async (signal: AbortSignal): Promise<Code2SessionResult> => {
    let response: Response
    let body: string
    try {
      response = await fetch(url.href, { signal })
      body = await response.text()
    } catch (error) {
      // Not passed on as `cause`: its message and its causes' may hold the URL with the secret.
      throw new QQRequestError('NETWORK_ERROR', `${API}: the request to ${where} failed: ${scrub(reasons(error))}`)
    }
    const { status } = response
    if (!response.ok) throw new QQRequestError('HTTP_ERROR', `${API}: ${where} answered HTTP ${status}`, status)
    let json: unknown
    try {
      json = JSON.parse(body)
    } catch {
      // The body itself stays out of the message: nobody knows what a broken proxy echoes.
      throw new QQRequestError(
        'INVALID_RESPONSE',
        `${API}: ${where} answered HTTP ${status} with a body that is not JSON (${body.length} characters)`,
        status,
      )
    }
    if (!isObject(json))
      throw new QQRequestError('INVALID_RESPONSE', `${API}: ${where} answered with JSON that is not an object`, status)
    const { errcode, errmsg, openid, session_key: sessionKey, unionid } = json
    if (errcode !== undefined && errcode !== null && errcode !== 0) {
      if (typeof errcode != 'number')
        throw new QQRequestError('INVALID_RESPONSE', `${API}: ${where} answered with an errcode that is not a Number`, status)
      // errmsg is passed on as the platform sent it. The message quotes it only when it holds no form of the
      // secret: scrubbing it instead would garble it whenever the secret is short ('inv***lid code').
      const text = typeof errmsg == 'string' ? errmsg : ''
      const quoted = text && scrub(text) == text ? ` (${text})` : ''
      const hint = HINTS[errcode]?.(answerer) ?? `see ${answerer.name}'s documentation of code2Session`
      throw new QQApiError(errcode, text, `${API}: ${answerer.name} answered errcode ${errcode}${quoted}: ${hint}`, platform)
    }
    if (!isFilled(openid) || !isFilled(sessionKey))
      throw new QQRequestError('INVALID_RESPONSE', `${API}: ${where} answered without an openid or a session_key`, status)
    const result: Code2SessionResult = { openid, sessionKey }
    if (isFilled(unionid)) result.unionid = unionid
    return result
  }

  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  // A race rather than the signal alone, so that even a `fetch` that ignores the signal can't
  // make the call hang.
  const expiry = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new QQRequestError('TIMEOUT', `${API}: ${where} did not answer within ${timeout} ms`))
      controller.abort()
    }, timeout)
  })
  try {
    return await Promise.race([exchange(controller.signal), expiry])
  } finally {
    clearTimeout(timer)
  }
}
