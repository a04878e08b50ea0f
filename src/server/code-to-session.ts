import { MAX_TIMEOUT } from '../shared/limits'
import type { RunDataPlatform } from '../shared/platforms'
import { instead, insteadOfRange, isFilled, isObject, isTimeout, shouldBe } from '../shared/validation'
import { exchangeCode, type Code2SessionResult } from './exchange-code'

export type { Code2SessionResult }
import { invalidInput, invalidOption, refuseUnknownOptions } from './option-checks'

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
  platform?: RunDataPlatform
  /** Your mini-program's appid. */
  appId: string
  /** Your mini-program's AppSecret. Never appears in an error message. */
  appSecret: string
  /**
   * The login code `qq.login` or `wx.login` (`Taro.login`) gave the mini-program. Valid once, for 5
   * minutes. At most 256 printable ASCII characters (real codes have 32).
   */
  code: string
  /**
   * The URL the query string is added to, e.g. a local stand-in for tests (such as the testing
   * kit's `startFakeCode2SessionServer`) or an egress proxy.
   *
   * @default 'https://api.q.qq.com/sns/jscode2session' for 'qq', 'https://api.weixin.qq.com/sns/jscode2session' for 'weapp'
   */
  endpoint?: string
  /**
   * Fails with `PLATFORM_UNAVAILABLE` when the whole answer, body included, did not arrive within
   * this many ms.
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

const API = 'code2Session'
const KNOWN = ['platform', 'appId', 'appSecret', 'code', 'endpoint', 'timeout', 'fetch']
const CODE = /^[\x20-\x7e]{1,256}$/

/** What is wrong with a login `code`, or `undefined`: checked before it is sent anywhere. */
export function codeProblem(code: unknown, name = 'code'): string | undefined {
  if (!isFilled(code)) return shouldBe(name, 'a non-empty String', code)
  if (!CODE.test(code))
    return `${name} should be at most 256 printable ASCII characters (real codes have 32) instead of ${code.length} characters${/[^\x20-\x7e]/.test(code) ? ' with others in them' : ''}`
  return undefined
}

/** What is wrong with an endpoint URL, or `undefined`. */
export function endpointProblem(endpoint: unknown, name = 'endpoint'): string | undefined {
  let url: URL | undefined
  try {
    url = new URL(endpoint as string)
  } catch {}
  if (typeof endpoint == 'string' && url && /^https?:$/.test(url.protocol)) return undefined
  return shouldBe(name, 'an absolute http(s) URL', endpoint)
}

/**
 * Exchanges the login code from `qq.login` (or, with `platform: 'weapp'`, `wx.login`) for the
 * user's `openid` and `session_key`, with
 * `GET https://api.q.qq.com/sns/jscode2session?appid=…&secret=…&js_code=…&grant_type=authorization_code`
 * (WeChat: `https://api.weixin.qq.com/sns/jscode2session`, the same query). Uses the global
 * `fetch` (Node >= 18), so no HTTP library is needed.
 *
 * It rejects with a {@link RunDataError} whose `code` says what to do:
 * - `INVALID_OPTION`: an option is unknown or malformed; `INVALID_INPUT`: the `code` is (empty,
 *   over 256 characters, or not printable ASCII). Nothing was sent.
 * - `LOGIN_REQUIRED` (errcode 40029, 40163): the code is invalid, expired or used; log in again.
 * - `INVALID_CREDENTIALS` (40013, 40125): fix `appId` / `appSecret`.
 * - `USER_BLOCKED` (40226): the platform refuses this user; don't retry.
 * - `RATE_LIMITED` (45011): retry in a minute.
 * - `PLATFORM_UNAVAILABLE`: busy (-1), another errcode, a network error, no complete answer
 *   within `timeout`, a non-2xx status (`status`), an answer over 16 KiB, or one that is not the
 *   expected JSON with a 16-byte `session_key`. Retry later.
 *
 * `errcode` and `platform` say who answered what. No message, stack or property holds the app
 * secret, the code or the session key, and whatever the platform echoes is quoted scrubbed and
 * cut to 200 characters.
 *
 * @example
 * import { code2Session } from 'taro-qq-run-data/server'
 *
 * const { openid, sessionKey } = await code2Session({ appId: '1109876543', appSecret, code: req.body.code })
 * const wechat = await code2Session({ platform: 'weapp', appId: 'wx4f4bc4dec97d474b', appSecret, code })
 */
export async function code2Session(options: Code2SessionOptions): Promise<Code2SessionResult> {
  if (!isObject(options)) throw invalidOption(API, shouldBe('options', 'Object', options))
  refuseUnknownOptions(API, options, KNOWN)
  const { platform = 'qq', appId, appSecret, code, endpoint, timeout = 10000, fetch } = options
  if (platform !== 'qq' && platform !== 'weapp')
    throw invalidOption(API, shouldBe('platform', "'qq' or 'weapp'", platform, (value) => (typeof value == 'string' ? JSON.stringify(value) : instead(value))))
  if (!isFilled(appId)) throw invalidOption(API, shouldBe('appId', 'a non-empty String', appId))
  if (!isFilled(appSecret)) throw invalidOption(API, shouldBe('appSecret', 'a non-empty String', appSecret))
  const problem = codeProblem(code)
  if (problem) throw invalidInput(API, problem)
  if (!isTimeout(timeout))
    throw invalidOption(API, shouldBe('timeout', `a Number of ms above 0 and at most ${MAX_TIMEOUT}`, timeout, insteadOfRange))
  if (fetch !== undefined && typeof fetch != 'function') throw invalidOption(API, shouldBe('fetch', 'Function (Node >= 18 has a global fetch)', fetch))
  const badEndpoint = endpoint === undefined ? undefined : endpointProblem(endpoint)
  if (badEndpoint) throw invalidOption(API, badEndpoint)
  return exchangeCode({ platform, appId, appSecret, code, timeout, ...(endpoint !== undefined && { endpoint }), ...(fetch && { fetch }) })
}
