import type { IncomingMessage, ServerResponse } from 'node:http'
import { listenOnLoopback, sendJson } from './loopback-server'
import { isCount, isFilled, isObject, shouldBe } from '../shared/validation'
import { issuedCodes } from './issued-codes'
import { ERRCODES } from '../shared/platforms'
import { misuse } from './misuse'

/**
 * A way {@link startFakeCode2SessionServer} can be told to fail, as the real APIs do:
 * - `'busy'`: errcode -1, `system error`
 * - `'rate-limit'`: errcode 45011
 * - `'invalid-appid'`: errcode 40013
 * - `'invalid-secret'`: errcode 40125
 * - `'high-risk'`: errcode 40226 (WeChat blocks a high-risk user)
 * - `'http-500'`: HTTP 500 with a plain-text body
 * - `'html'`: HTTP 200 with an HTML page, as a captive portal or a broken proxy answers
 * - `'hang'`: never answers (until `close()`)
 * - `'reset'`: closes the connection without an answer
 *
 * @example
 * const fault: FakeCode2SessionFault = 'busy'
 */
export type FakeCode2SessionFault =
  | 'busy'
  | 'rate-limit'
  | 'invalid-appid'
  | 'invalid-secret'
  | 'high-risk'
  | 'http-500'
  | 'html'
  | 'hang'
  | 'reset'

/**
 * The options of {@link startFakeCode2SessionServer}.
 *
 * @example
 * await startFakeCode2SessionServer({ appSecret: 'the-secret' })
 */
export interface FakeCode2SessionServerOptions {
  /**
   * The AppSecret a request must carry; any other answers errcode 40125.
   *
   * @default undefined (any non-empty secret)
   */
  appSecret?: string
}

/**
 * A running {@link startFakeCode2SessionServer}.
 *
 * @example
 * const server = await startFakeCode2SessionServer()
 * server.fail('busy')
 * await server.close()
 */
export interface FakeCode2SessionServer {
  /** `http://127.0.0.1:<port>/sns/jscode2session`: pass it to `code2Session` as `endpoint`. */
  endpoint: string
  /** How many requests it got, whatever their answer. */
  readonly calls: number
  /**
   * Makes the next `times` requests answer with `fault` instead (`Infinity`: every request
   * until {@link FakeCode2SessionServer.heal}). A failed request uses up no login code.
   */
  fail(fault: FakeCode2SessionFault, times?: number): void
  /** Cancels what {@link FakeCode2SessionServer.fail} set: requests are answered normally again. */
  heal(): void
  /** Stops listening and ends every connection, hanging ones included. */
  close(): Promise<void>
}

const API = 'startFakeCode2SessionServer'
const PATH = '/sns/jscode2session'

// The errcodes the real APIs answer with, and their errmsgs from the one platform table. 41008
// is a request without its parameters, which the server entry never sends, so only the fake has it.
const ERRORS = {
  busy: [-1, ERRCODES[-1]!.errmsg],
  'rate-limit': [45011, ERRCODES[45011]!.errmsg],
  'invalid-appid': [40013, ERRCODES[40013]!.errmsg],
  'invalid-secret': [40125, ERRCODES[40125]!.errmsg],
  'high-risk': [40226, ERRCODES[40226]!.errmsg],
  'invalid-code': [40029, ERRCODES[40029]!.errmsg],
  'used-code': [40163, ERRCODES[40163]!.errmsg],
  'missing-param': [41008, 'missing code'],
} as const

const FAULTS: readonly FakeCode2SessionFault[] = [
  ...(['busy', 'rate-limit', 'invalid-appid', 'invalid-secret', 'high-risk'] as const),
  ...(['http-500', 'html', 'hang', 'reset'] as const),
]

const apiError = (res: ServerResponse, name: keyof typeof ERRORS) => {
  const [errcode, errmsg] = ERRORS[name]
  sendJson(res, 200, { errcode, errmsg })
}

function answerWith(fault: FakeCode2SessionFault, req: IncomingMessage, res: ServerResponse): void {
  if (fault == 'hang') return
  if (fault == 'reset') return void req.socket.destroy()
  if (fault == 'http-500') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error')
  if (fault == 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>')
  apiError(res, fault)
}

/**
 * Starts a stand-in for QQ's and WeChat's `GET /sns/jscode2session` on 127.0.0.1 (a real
 * `node:http` server on a free port), so a backend's `code2Session({ endpoint, … })` can be
 * tested without the network. It knows the login codes that `mockQQRuntime` and
 * `mockWeChatRuntime` hand out in the same process, and answers each one, once, with
 * `{ openid, session_key }` for the session key that mock encrypts with (QQ's answer adds
 * `errcode: 0, errmsg: 'ok'`; WeChat's leaves them out). Like the real APIs it answers errcode
 * 40029 for an unknown code, 40163 for a code already used, 40013 for a code of another appid,
 * 40125 for another secret (with `appSecret`) and 41008 for a missing parameter. `fail()` plays
 * the faults a backend must survive; `calls` counts the requests. Node only.
 *
 * @example
 * import { code2Session } from 'taro-qq-run-data/server'
 * import { mockWeChatRuntime, startFakeCode2SessionServer } from 'taro-qq-run-data/testing'
 *
 * const server = await startFakeCode2SessionServer()
 * const runtime = mockWeChatRuntime()
 * const code = await new Promise<string>((resolve) => wx.login({ success: (res) => resolve(res.code) }))
 * const { sessionKey } = await code2Session({ platform: 'weapp', appId: runtime.appId, appSecret: 'any', code, endpoint: server.endpoint })
 * // sessionKey === runtime.sessionKey
 * runtime.restore()
 * await server.close()
 */
export async function startFakeCode2SessionServer(options: FakeCode2SessionServerOptions = {}): Promise<FakeCode2SessionServer> {
  if (!isObject(options)) misuse(API, shouldBe('options', 'Object', options))
  const { appSecret } = options
  if (appSecret !== undefined && !isFilled(appSecret))
    misuse(API, shouldBe('options.appSecret', 'a non-empty String', appSecret))
  let calls = 0
  let fault: FakeCode2SessionFault | undefined
  let faultsLeft = 0
  const server = await listenOnLoopback((req, res) => {
    calls++
    if (fault && faultsLeft > 0) {
      const playing = fault
      if (--faultsLeft == 0) fault = undefined
      return answerWith(playing, req, res)
    }
    const url = new URL(req.url!, 'http://127.0.0.1')
    if (req.method != 'GET' || url.pathname != PATH) return sendJson(res, 404, { errcode: 404, errmsg: `no ${req.method} ${url.pathname} here; use GET ${PATH}` })
    const query = (name: string) => url.searchParams.get(name) || undefined
    const [appid, secret, code] = [query('appid'), query('secret'), query('js_code')]
    if (!appid || !secret || !code || query('grant_type') != 'authorization_code') return apiError(res, 'missing-param')
    const issued = issuedCodes().get(code)
    if (!issued) return apiError(res, 'invalid-code')
    if (issued.appId != appid) return apiError(res, 'invalid-appid')
    if (appSecret !== undefined && secret != appSecret) return apiError(res, 'invalid-secret')
    if (issued.used) return apiError(res, 'used-code')
    issued.used = true
    const session = { openid: issued.openid, session_key: issued.sessionKey }
    sendJson(res, 200, issued.platform == 'qq' ? { errcode: 0, errmsg: 'ok', ...session } : session)
  })
  return {
    endpoint: server.url + PATH,
    get calls() {
      return calls
    },
    fail(next, times = 1) {
      if (!FAULTS.includes(next)) misuse(`${API}: fail`, `fault should be one of ${FAULTS.join(', ')} instead of ${JSON.stringify(next)}`)
      if (!(times === Infinity || (isCount(times) && times > 0)))
        misuse(`${API}: fail`, `times should be an integer above 0, or Infinity, instead of ${String(times)}`)
      fault = next
      faultsLeft = times
    },
    heal() {
      fault = undefined
      faultsLeft = 0
    },
    close: server.close,
  }
}
