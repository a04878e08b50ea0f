import type { IncomingMessage, ServerResponse } from 'node:http'
import { inspect } from 'node:util'
import { code2Session, RunDataError, type Code2SessionOptions } from '../../src/server'
import { listenOnLoopback, type LoopbackServer } from '../../src/testing'

const APP_ID = '1109876543'
// URL-encoded, this secret differs between encodeURIComponent and URLSearchParams (which
// encodes the request): ' ' as '%20' or '+', and `!'()~` escaped by URLSearchParams only.
const SECRET = "s3cr3t+App/Secret=ab cd!'()*~x"
const SECRET_IN_QUERY = new URLSearchParams({ s: SECRET }).toString().slice(2)
const SESSION_KEY = 'tiihtNczf5v6AKRyjwEUhQ=='

// Plays QQ's jscode2session: the login code in the request picks the answer.
const answers: Record<string, (res: ServerResponse, req: IncomingMessage) => void> = {
  ok: (res) => json(res, { openid: 'OPENID', session_key: SESSION_KEY }),
  'ok-unionid': (res) => json(res, { openid: 'OPENID', session_key: SESSION_KEY, unionid: 'UNIONID', errcode: 0, errmsg: 'ok' }),
  'ok-text': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(JSON.stringify({ openid: 'OPENID', session_key: SESSION_KEY, errcode: null })),
  busy: (res) => json(res, { errcode: -1, errmsg: 'system error' }),
  'c40029': (res) => json(res, { errcode: 40029, errmsg: 'invalid code' }),
  'c40163': (res) => json(res, { errcode: 40163, errmsg: 'code been used, rid: 6650b1e1-2f1e1a3c-1f2e3d4c' }),
  risky: (res) => json(res, { errcode: 40226, errmsg: 'invalid scope, rid: 6650b1e1' }),
  'bad-appid': (res) => json(res, { errcode: 40013, errmsg: 'invalid appid' }),
  'bad-secret': (res) => json(res, { errcode: 40125, errmsg: 'invalid appsecret' }),
  limited: (res) => json(res, { errcode: 45011, errmsg: 'api minute-quota reach limit' }),
  unknown: (res) => json(res, { errcode: 48001, errmsg: `api unauthorized, secret ${SECRET}` }),
  'no-errmsg': (res) => json(res, { errcode: 40029 }),
  'string-errcode': (res) => json(res, { errcode: '40029', errmsg: 'invalid code' }),
  'no-session-key': (res) => json(res, { openid: 'OPENID' }),
  'no-openid': (res) => json(res, { session_key: SESSION_KEY, unionid: '' }),
  array: (res) => json(res, [{ openid: 'OPENID', session_key: SESSION_KEY }]),
  'not-json': (res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<html>secret=${SECRET}</html>`),
  'server-error': (res) => res.writeHead(500).end('Internal Server Error'),
  'no-content': (res) => res.writeHead(204).end(),
  'bad-gateway': (res) => json(res.writeHead(502), { errcode: -1 }),
  hang: () => {},
  'hang-body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"openid":')
  },
  destroy: (_, req) => req.socket.destroy(),
}

const json = (res: ServerResponse, body: unknown) => {
  if (!res.headersSent) res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

let server: LoopbackServer
let endpoint: string
const received: URL[] = []

beforeAll(async () => {
  server = await listenOnLoopback((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1')
    received.push(url)
    answers[url.searchParams.get('js_code')!]!(res, req)
  })
  endpoint = `${server.url}/sns/jscode2session`
})

// It ends every connection, the hanging answers included.
afterAll(() => server.close())

const exchange = (code: string, options: Partial<Code2SessionOptions> = {}) =>
  code2Session({ appId: APP_ID, appSecret: SECRET, code, endpoint, ...options })

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise
  } catch (error) {
    return error as RunDataError
  }
  throw new Error('expected a rejection')
}

const neverLeaks = (error: Error) => {
  const texts = [error.message, String(error.stack)]
  for (let cause = error.cause; cause; cause = (cause as Error).cause) texts.push(String((cause as Error).message ?? cause))
  for (const text of texts) {
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(encodeURIComponent(SECRET))
    expect(text).not.toContain(SECRET_IN_QUERY)
    expect(text).not.toContain(SESSION_KEY)
  }
}

describe('code2Session', () => {
  it('sends appid, secret, js_code and grant_type to the endpoint', async () => {
    received.length = 0
    await exchange('ok')
    expect(received).toHaveLength(1)
    const [url] = received
    expect(url!.pathname).toBe('/sns/jscode2session')
    expect(Object.fromEntries(url!.searchParams)).toEqual({ appid: APP_ID, secret: SECRET, js_code: 'ok', grant_type: 'authorization_code' })
  })

  it('calls QQ’s API by default', async () => {
    const fetch = jest.fn(async () => Response.json({ openid: 'OPENID', session_key: SESSION_KEY }))
    await code2Session({ appId: APP_ID, appSecret: SECRET, code: 'CODE', fetch })
    const url = new URL((fetch.mock.calls[0] as unknown[])[0] as string)
    expect(url.origin + url.pathname).toBe('https://api.q.qq.com/sns/jscode2session')
    expect(url.searchParams.get('secret')).toBe(SECRET)
  })

  it.each<[Code2SessionOptions['platform'], string]>([
    [undefined, 'https://api.q.qq.com/sns/jscode2session'],
    ['qq', 'https://api.q.qq.com/sns/jscode2session'],
    ['weapp', 'https://api.weixin.qq.com/sns/jscode2session'],
  ])('calls the API of platform %p by default, with the same query', async (platform, expected) => {
    const fetch = jest.fn(async () => Response.json({ openid: 'OPENID', session_key: SESSION_KEY }))
    await expect(code2Session({ platform, appId: APP_ID, appSecret: SECRET, code: 'CODE', fetch })).resolves.toEqual({ openid: 'OPENID', sessionKey: SESSION_KEY })
    const url = new URL((fetch.mock.calls[0] as unknown[])[0] as string)
    expect(url.origin + url.pathname).toBe(expected)
    expect(Object.fromEntries(url.searchParams)).toEqual({ appid: APP_ID, secret: SECRET, js_code: 'CODE', grant_type: 'authorization_code' })
  })

  it('keeps a query string the endpoint already has', async () => {
    received.length = 0
    await code2Session({ appId: APP_ID, appSecret: SECRET, code: 'ok', endpoint: `${endpoint}?tenant=a` })
    expect(received[0]!.searchParams.get('tenant')).toBe('a')
  })

  it.each([
    ['ok', { openid: 'OPENID', sessionKey: SESSION_KEY }],
    ['ok-unionid', { openid: 'OPENID', sessionKey: SESSION_KEY, unionid: 'UNIONID' }],
    ['ok-text', { openid: 'OPENID', sessionKey: SESSION_KEY }],
  ])('resolves with openid, sessionKey and any unionid (%s)', async (code, result) => {
    await expect(exchange(code)).resolves.toEqual(result)
  })

  describe('when the platform answers with an errcode', () => {
    it.each<[string, Code2SessionOptions['platform'], string, number, string]>([
      ['busy', 'qq', 'PLATFORM_UNAVAILABLE', -1, 'QQ answered errcode -1 ("system error"): QQ is busy; retry in a moment'],
      ['busy', 'weapp', 'PLATFORM_UNAVAILABLE', -1, 'WeChat answered errcode -1 ("system error"): WeChat is busy; retry in a moment'],
      ['c40029', 'qq', 'LOGIN_REQUIRED', 40029, 'QQ answered errcode 40029 ("invalid code"): the login code is invalid or expired; call qq.login again and send the new code'],
      ['c40029', 'weapp', 'LOGIN_REQUIRED', 40029, 'WeChat answered errcode 40029 ("invalid code"): the login code is invalid or expired; call wx.login again and send the new code'],
      ['c40163', 'weapp', 'LOGIN_REQUIRED', 40163, 'WeChat answered errcode 40163 ("code been used, rid: 6650b1e1-2f1e1a3c-1f2e3d4c"): the login code was already used; call wx.login again and send the new code'],
      ['risky', 'weapp', 'USER_BLOCKED', 40226, 'WeChat answered errcode 40226 ("invalid scope, rid: 6650b1e1"): the user is blocked as high-risk; the platform refuses to log them in'],
      ['limited', 'qq', 'RATE_LIMITED', 45011, 'QQ answered errcode 45011 ("api minute-quota reach limit"): rate limited (QQ allows each user about 100 calls a minute); retry in a minute'],
      ['limited', 'weapp', 'RATE_LIMITED', 45011, 'WeChat answered errcode 45011 ("api minute-quota reach limit"): rate limited (WeChat allows each user about 100 calls a minute); retry in a minute'],
      ['bad-appid', 'weapp', 'INVALID_CREDENTIALS', 40013, 'WeChat answered errcode 40013 ("invalid appid"): the appid is invalid; check appId'],
      ['bad-secret', 'qq', 'INVALID_CREDENTIALS', 40125, 'QQ answered errcode 40125 ("invalid appsecret"): the AppSecret is invalid; check appSecret'],
      ['unknown', 'qq', 'PLATFORM_UNAVAILABLE', 48001, 'QQ answered errcode 48001 ("api unauthorized, secret ***"): see QQ\'s documentation of code2Session'],
      ['unknown', 'weapp', 'PLATFORM_UNAVAILABLE', 48001, 'WeChat answered errcode 48001 ("api unauthorized, secret ***"): see WeChat\'s documentation of code2Session'],
      ['no-errmsg', 'qq', 'LOGIN_REQUIRED', 40029, 'QQ answered errcode 40029: the login code is invalid or expired; call qq.login again and send the new code'],
    ])('rejects %s from %s with %s, the errcode and the platform', async (code, platform, errorCode, errcode, message) => {
      const error = await rejection(exchange(code, { platform }))
      expect(error).toBeInstanceOf(RunDataError)
      expect(error).toMatchObject({ name: 'RunDataError', code: errorCode, errcode, platform, message: `code2Session: ${message}` })
      neverLeaks(error)
    })
  })

  describe('when the answer is unusable', () => {
    it.each([
      ['server-error', 500, /answered HTTP 500$/],
      ['bad-gateway', 502, /answered HTTP 502$/],
      ['not-json', 200, /answered HTTP 200 with a body that is not JSON \(\d+ characters\)/],
      ['no-content', 204, /answered HTTP 204 with a body that is not JSON \(0 characters\)/],
      ['array', 200, /answered with JSON that is not an object/],
      ['string-errcode', 200, /answered with an errcode that is not a Number/],
      ['no-session-key', 200, /answered without an openid or a session_key/],
      ['no-openid', 200, /answered without an openid or a session_key/],
    ])('rejects %s with PLATFORM_UNAVAILABLE and the status', async (code, status, message) => {
      const error = await rejection(exchange(code))
      expect(error).toBeInstanceOf(RunDataError)
      expect(error).toMatchObject({ name: 'RunDataError', code: 'PLATFORM_UNAVAILABLE', platform: 'qq', status })
      expect(error.message).toMatch(new RegExp(`^code2Session: the QQ API at http://127\\.0\\.0\\.1:\\d+/sns/jscode2session ${message.source}`))
      neverLeaks(error)
    })
  })

  it.each([
    ['server-error', /^code2Session: the WeChat API at http:\/\/127\.0\.0\.1:\d+\/sns\/jscode2session answered HTTP 500$/],
    ['no-openid', /^code2Session: the WeChat API at .* answered without an openid or a session_key$/],
  ])('names WeChat in the message for %s when platform is weapp', async (code, message) => {
    const error = await rejection(exchange(code, { platform: 'weapp' }))
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', platform: 'weapp', message: expect.stringMatching(message) })
  })

  describe('when no answer comes', () => {
    it.each(['hang', 'hang-body'])('rejects with PLATFORM_UNAVAILABLE after timeout (%s)', async (code) => {
      const started = Date.now()
      const error = await rejection(exchange(code, { timeout: 150 }))
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
      expect(error).toMatchObject({ name: 'RunDataError', code: 'PLATFORM_UNAVAILABLE' })
      expect(error.message).toMatch(/did not answer within 150 ms$/)
    })

    it('times out after 10 s by default, even with a fetch that ignores the abort signal', async () => {
      jest.useFakeTimers()
      try {
        let settled = false
        const pending = rejection(exchange('hang', { fetch: () => new Promise<Response>(() => {}) }))
        void pending.finally(() => (settled = true))
        jest.advanceTimersByTime(9999)
        await new Promise((resolve) => jest.requireActual<typeof import('node:timers')>('node:timers').setImmediate(resolve))
        expect(settled).toBe(false)
        jest.advanceTimersByTime(1)
        expect(await pending).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', message: expect.stringMatching(/within 10000 ms$/) })
      } finally {
        jest.useRealTimers()
      }
    })

    it('rejects with PLATFORM_UNAVAILABLE when the connection closes', async () => {
      const error = await rejection(exchange('destroy'))
      expect(error).toMatchObject({ name: 'RunDataError', code: 'PLATFORM_UNAVAILABLE' })
      expect(error.message).toMatch(/^code2Session: the request to the QQ API at http:\/\/127\.0\.0\.1:\d+\/sns\/jscode2session failed: fetch failed: other side closed/)
      neverLeaks(error)
    })

    it('rejects with PLATFORM_UNAVAILABLE when nothing listens', async () => {
      const closed = await listenOnLoopback(() => {})
      await closed.close()
      const error = await rejection(exchange('ok', { endpoint: `${closed.url}/` }))
      expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', message: expect.stringMatching(/ECONNREFUSED/) })
    })
  })

  describe('never leaks the secret through a fetch error', () => {
    it('scrubs it from the message and the causes, which it does not pass on', async () => {
      // Quotes the URL it was given, as Node's fetch errors may.
      const fetch = async (url: string | URL | Request) => {
        throw new TypeError(`Failed to fetch ${url}`, { cause: new Error(`connect to ${url} with ${SECRET} refused`) })
      }
      const error = await rejection(code2Session({ appId: APP_ID, appSecret: SECRET, code: 'CODE0123456789', fetch }))
      expect(error.code).toBe('PLATFORM_UNAVAILABLE')
      expect(error.message).toMatch(/failed: Failed to fetch https:\/\/api\.q\.qq\.com\/sns\/jscode2session\?appid=1109876543&secret=\*\*\*&js_code=\*\*\*&grant_type=authorization_code: connect to https:\/\/api\.q\.qq\.com\/sns\/jscode2session\?appid=1109876543&secre$/)
      expect(error.cause).toBeUndefined()
      neverLeaks(error)
    })

    it.each([
      ['as the request encodes it (URLSearchParams)', SECRET_IN_QUERY],
      ['as encodeURIComponent encodes it', encodeURIComponent(SECRET)],
    ])('scrubs it URL-encoded %s, even outside a query string', async (_, encoded) => {
      const fetch = () => Promise.reject(new Error(`proxy refused ${encoded} (${encoded})`))
      const error = await rejection(exchange('ok', { fetch }))
      expect(error.message).toMatch(/failed: proxy refused \*\*\* \(\*\*\*\)$/)
      neverLeaks(error)
    })

    it('scrubs it with lowercase percent-escapes, and JSON-escaped', async () => {
      const secret = 'a+b"c\\d'
      const fetch = () => Promise.reject(new Error(`refused a%2bb%22c%5cd and "a+b\\"c\\\\d"`))
      const error = await rejection(exchange('ok', { appSecret: secret, fetch }))
      expect(error.message).toMatch(/failed: refused \*\*\* and "\*\*\*"$/)
    })

    it('scrubs a longer form whole even when a shorter one is part of it', async () => {
      // encodeURIComponent('%2') is '%252': scrubbing '%2' first would leave '52' behind.
      const fetch = () => Promise.reject(new Error(`proxy refused [${encodeURIComponent('%2')}]`))
      const error = await rejection(exchange('ok', { appSecret: '%2', fetch }))
      expect(error.message).toMatch(/failed: proxy refused \[\*\*\*\]$/)
    })

    it('copes with a thrown value that is not an Error', async () => {
      const error = await rejection(exchange('ok', { fetch: () => Promise.reject(`no route for ${SECRET}`) }))
      expect(error.message).toMatch(/failed: no route for \*\*\*$/)
    })

    it('scrubs the code and a session key that an errmsg echoes, and cuts a long errmsg to 200 characters', async () => {
      const echo = (errmsg: string) => () => Promise.resolve(Response.json({ errcode: 40029, errmsg, session_key: SESSION_KEY }))
      const code = 'LOGINCODE0123456789abcdef0123456'
      const error = await rejection(exchange(code, { fetch: echo(`bad ${code} ${SESSION_KEY} ${encodeURIComponent(SECRET)} ${'x'.repeat(300)}`) }))
      expect(error.message).toBe(`code2Session: QQ answered errcode 40029 ("bad *** *** *** ${'x'.repeat(184)}…"): the login code is invalid or expired; call qq.login again and send the new code`)
      const shown = [inspect(error), JSON.stringify(error), JSON.stringify(Object.entries(error))].join('\n')
      for (const secret of [code, SESSION_KEY, SECRET, encodeURIComponent(SECRET)]) expect(shown).not.toContain(secret)
    })

    it('escapes control characters in an errmsg', async () => {
      const fetch = () => Promise.resolve(Response.json({ errcode: 40029, errmsg: 'bad\u001b[2Jcode\n' }))
      const error = await rejection(exchange('ok', { fetch }))
      expect(error.message).toMatch(/^code2Session: QQ answered errcode 40029 \("bad\\u001b\[2Jcode\\n"\): /)
    })

    it('stops at three causes, even when they form a cycle', async () => {
      const cyclic = new Error('outer')
      cyclic.cause = cyclic
      const error = await rejection(exchange('ok', { fetch: () => Promise.reject(cyclic) }))
      expect(error.message).toMatch(/failed: outer: outer: outer$/)
    })
  })

  describe('rejects bad options with INVALID_OPTION and a bad code with INVALID_INPUT, without sending anything', () => {
    const valid = { appId: APP_ID, appSecret: SECRET, code: 'ok' }

    it.each<[string, unknown, RegExp, string?]>([
      ['no options', undefined, /^code2Session: options should be Object instead of Undefined$/],
      ['a missing appId', { appSecret: SECRET, code: 'ok' }, /appId should be a non-empty String instead of Undefined/],
      ['an empty appSecret', { ...valid, appSecret: '' }, /appSecret should be a non-empty String instead of an empty String/],
      ['a code that is not a string', { ...valid, code: 42 }, /^code2Session: code should be a non-empty String instead of Number$/, 'INVALID_INPUT'],
      ['a code of 257 characters', { ...valid, code: 'c'.repeat(257) }, /^code2Session: code should be at most 256 printable ASCII characters \(real codes have 32\) instead of 257 characters$/, 'INVALID_INPUT'],
      ['a code with a newline', { ...valid, code: 'ab\ncd' }, /^code2Session: code should be at most 256 printable ASCII characters \(real codes have 32\) instead of 5 characters with others in them$/, 'INVALID_INPUT'],
      ['a code with a non-ASCII character', { ...valid, code: 'café' }, /instead of 4 characters with others in them$/, 'INVALID_INPUT'],
      ['a misspelled option', { ...valid, appSecrets: 'x' }, /^code2Session: unknown option 'appSecrets'; did you mean 'appSecret'\?$/],
      ['an unknown option', { ...valid, proxy: 'http://x' }, /^code2Session: unknown option 'proxy'$/],
      ['a zero timeout', { ...valid, timeout: 0 }, /timeout should be a Number of ms above 0 and at most 2147483647 instead of 0$/],
      ['a negative timeout', { ...valid, timeout: -5 }, /timeout should be .* instead of -5$/],
      ['a timeout of NaN', { ...valid, timeout: NaN }, /timeout should be .* instead of NaN$/],
      ['an infinite timeout', { ...valid, timeout: Infinity }, /timeout should be .* instead of Infinity$/],
      ['a timeout too large for a timer', { ...valid, timeout: 2 ** 31 }, /timeout should be .* instead of 2147483648$/],
      ['a timeout given as a string', { ...valid, timeout: '10s' }, /timeout should be .* instead of String/],
      ['a fetch that is not a function', { ...valid, fetch: {} }, /fetch should be Function \(Node >= 18 has a global fetch\) instead of Object/],
      ['a relative endpoint', { ...valid, endpoint: '/sns/jscode2session' }, /endpoint should be an absolute http\(s\) URL instead of String/],
      ['an endpoint that is not http', { ...valid, endpoint: 'ftp://127.0.0.1/' }, /endpoint should be an absolute http\(s\) URL/],
      ['an unknown platform', { ...valid, platform: 'wechat' }, /^code2Session: platform should be 'qq' or 'weapp' instead of "wechat"$/],
      ['a platform that is not a string', { ...valid, platform: 1 }, /^code2Session: platform should be 'qq' or 'weapp' instead of Number$/],
    ])('for %s', async (_, options, message, code = 'INVALID_OPTION') => {
      received.length = 0
      const error = await rejection(code2Session(options as Code2SessionOptions))
      expect(error).toBeInstanceOf(RunDataError)
      expect(error.code).toBe(code)
      expect(error.message).toMatch(message)
      expect(received).toHaveLength(0)
      neverLeaks(error)
    })
  })
})
