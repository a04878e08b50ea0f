import { createConnection } from 'node:net'
import { code2Session, decryptRunData, RunDataError, type RunDataPlatform } from '../../src/server'
import {
  mockQQRuntime,
  mockWeChatRuntime,
  startFakeCode2SessionServer,
  type FakeCode2SessionFault,
  type FakeCode2SessionServer,
} from '../../src/testing'
import { JUNE_1 } from '../fixtures/run-data'
import { callNative, fixClock, NOW } from './helpers'

let server: FakeCode2SessionServer
beforeEach(async () => {
  server = await startFakeCode2SessionServer()
})
afterEach(() => server.close())

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a rejection')
    },
    (error: unknown) => error as RunDataError,
  )

// A mock of `platform` with one day of steps, watermarked at NOW, logged in: its login code is
// now known to the fake server.
async function loggedIn(platform: RunDataPlatform, options: { watermark?: boolean } = {}) {
  const clock = fixClock()
  const mock = platform == 'qq' ? mockQQRuntime : mockWeChatRuntime
  const runtime = mock({ steps: [{ timestamp: JUNE_1, step: 5 }], ...options })
  clock.mockRestore()
  const { res } = await callNative(platform == 'qq' ? 'qq' : 'wx', 'login')
  return { runtime, code: res.code as string }
}

const get = async (query: Record<string, string>, path = '/sns/jscode2session') => {
  const response = await fetch(server.endpoint.replace('/sns/jscode2session', path) + '?' + new URLSearchParams(query))
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() }
}

describe('startFakeCode2SessionServer', () => {
  it('listens on 127.0.0.1 at /sns/jscode2session', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sns\/jscode2session$/)
  })

  describe.each<[RunDataPlatform, string, string]>([
    ['qq', 'getQQRunData', '1109876543'],
    ['weapp', 'getWeRunData', 'wx4f4bc4dec97d474b'],
  ])('the round trip on %s: mock, fake server, code2Session, decryptRunData', (platform, method, appid) => {
    it.each([true, false])('gives back the session key the mock encrypted with (watermark: %p)', async (watermark) => {
      const { runtime, code } = await loggedIn(platform, { watermark })
      try {
        const { res } = await callNative(platform == 'qq' ? 'qq' : 'wx', method)
        const session = await code2Session({ platform, appId: runtime.appId, appSecret: 'any secret', code, endpoint: server.endpoint })
        expect(session).toEqual({ openid: runtime.openid, sessionKey: runtime.sessionKey })
        const { encryptedData, iv } = res as { encryptedData: string; iv: string }
        expect(decryptRunData({ encryptedData, iv, sessionKey: session.sessionKey, appId: runtime.appId })).toEqual({
          stepInfoList: [{ timestamp: JUNE_1, step: 5 }],
          ...(watermark && { watermark: { appid, timestamp: NOW } }),
        })
        expect(server.calls).toBe(1)
      } finally {
        runtime.restore()
      }
    })
  })

  it('answers as each platform does: QQ with errcode 0, WeChat without one', async () => {
    for (const platform of ['qq', 'weapp'] as const) {
      const { runtime, code } = await loggedIn(platform)
      runtime.restore()
      const { status, body } = await get({ appid: runtime.appId, secret: 'the-app-secret', js_code: code, grant_type: 'authorization_code' })
      expect(status).toBe(200)
      const session = { openid: runtime.openid, session_key: runtime.sessionKey }
      expect(JSON.parse(body)).toEqual(platform == 'qq' ? { errcode: 0, errmsg: 'ok', ...session } : session)
    }
  })

  it('knows the codes after the mock is restored, and a new login makes the code good again', async () => {
    const { runtime, code } = await loggedIn('weapp')
    runtime.restore()
    const exchange = () => code2Session({ platform: 'weapp', appId: runtime.appId, appSecret: 'the-app-secret', code, endpoint: server.endpoint })
    await expect(exchange()).resolves.toMatchObject({ sessionKey: runtime.sessionKey })
    const again = await rejection(exchange())
    expect(again).toMatchObject({ code: 'LOGIN_REQUIRED', errcode: 40163, platform: 'weapp' })
  })

  describe('answers like the real APIs', () => {
    const query = (overrides: Record<string, string>) => ({ appid: 'wx4f4bc4dec97d474b', secret: 'the-app-secret', js_code: 'nobody-issued-this', grant_type: 'authorization_code', ...overrides })

    it.each<[string, Record<string, string>, string]>([
      ['an unknown code', {}, '{"errcode":40029,"errmsg":"invalid code"}'],
      ['no code', { js_code: '' }, '{"errcode":41008,"errmsg":"missing code"}'],
      ['no appid', { appid: '' }, '{"errcode":41008,"errmsg":"missing code"}'],
      ['another grant_type', { grant_type: 'client_credential' }, '{"errcode":41008,"errmsg":"missing code"}'],
    ])('for %s', async (_, overrides, body) => {
      expect(await get(query(overrides))).toEqual({ status: 200, type: 'application/json', body })
    })

    it('answers 40163 for a code used once already, 40013 for a code of another app', async () => {
      const { runtime, code } = await loggedIn('qq')
      runtime.restore()
      const other = await rejection(code2Session({ appId: '1100000000', appSecret: 'the-app-secret', code, endpoint: server.endpoint }))
      expect(other).toMatchObject({ code: 'INVALID_CREDENTIALS', errcode: 40013 })
      await code2Session({ appId: runtime.appId, appSecret: 'the-app-secret', code, endpoint: server.endpoint })
      const used = await rejection(code2Session({ appId: runtime.appId, appSecret: 'the-app-secret', code, endpoint: server.endpoint }))
      expect(used).toBeInstanceOf(RunDataError)
      expect(used).toMatchObject({ errcode: 40163, message: 'code2Session: QQ answered errcode 40163 ("code been used"): the login code was already used; call qq.login again and send the new code' })
    })

    it('checks the secret when it was given one', async () => {
      const strict = await startFakeCode2SessionServer({ appSecret: 'right' })
      try {
        const { runtime, code } = await loggedIn('weapp')
        runtime.restore()
        const options = { platform: 'weapp', appId: runtime.appId, code, endpoint: strict.endpoint } as const
        expect(await rejection(code2Session({ ...options, appSecret: 'wrong' }))).toMatchObject({ code: 'INVALID_CREDENTIALS', errcode: 40125 })
        await expect(code2Session({ ...options, appSecret: 'right' })).resolves.toMatchObject({ sessionKey: runtime.sessionKey })
      } finally {
        await strict.close()
      }
    })

    it('answers 404 elsewhere', async () => {
      expect(await get({}, '/other')).toEqual({ status: 404, type: 'application/json', body: '{"errcode":404,"errmsg":"no GET /other here; use GET /sns/jscode2session"}' })
    })
  })

  describe('fail()', () => {
    it.each<[FakeCode2SessionFault, number, string, string]>([
      ['busy', 200, 'application/json', '{"errcode":-1,"errmsg":"system error"}'],
      ['rate-limit', 200, 'application/json', '{"errcode":45011,"errmsg":"api minute-quota reach limit mustslower retry next minute"}'],
      ['invalid-appid', 200, 'application/json', '{"errcode":40013,"errmsg":"invalid appid"}'],
      ['invalid-secret', 200, 'application/json', '{"errcode":40125,"errmsg":"invalid appsecret"}'],
      ['high-risk', 200, 'application/json', '{"errcode":40226,"errmsg":"high risk user"}'],
      ['http-500', 500, 'text/plain', 'Internal Server Error'],
      ['html', 200, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'],
    ])('answers the next request with %s, then as before', async (fault, status, type, body) => {
      server.fail(fault)
      expect(await get({})).toEqual({ status, type, body })
      expect(await get({})).toEqual({ status: 200, type: 'application/json', body: '{"errcode":41008,"errmsg":"missing code"}' })
      expect(server.calls).toBe(2)
    })

    it.each<[FakeCode2SessionFault, string, RegExp]>([
      ['busy', 'PLATFORM_UNAVAILABLE', /^code2Session: WeChat answered errcode -1 \("system error"\): WeChat is busy; retry in a moment$/],
      ['http-500', 'PLATFORM_UNAVAILABLE', /answered HTTP 500$/],
      ['html', 'PLATFORM_UNAVAILABLE', /answered HTTP 200 with a body that is not JSON \(50 characters\)$/],
      ['reset', 'PLATFORM_UNAVAILABLE', /failed: fetch failed/],
      ['hang', 'PLATFORM_UNAVAILABLE', /did not answer within 100 ms$/],
    ])('makes code2Session fail with %s, and leaves the login code unused', async (fault, code, message) => {
      const { runtime, code: loginCode } = await loggedIn('weapp')
      runtime.restore()
      server.fail(fault)
      const options = { platform: 'weapp', appId: runtime.appId, appSecret: 'the-app-secret', code: loginCode, endpoint: server.endpoint, timeout: 100 } as const
      const error = await rejection(code2Session(options))
      expect(error).toMatchObject({ code })
      expect(error.message).toMatch(message)
      await expect(code2Session(options)).resolves.toMatchObject({ sessionKey: runtime.sessionKey })
    })

    it('fails the given number of times, or every time until heal()', async () => {
      server.fail('busy', 2)
      const bodies = async (count: number) => {
        const seen: string[] = []
        for (let i = 0; i < count; i++) seen.push(JSON.parse((await get({})).body).errcode)
        return seen
      }
      expect(await bodies(3)).toEqual([-1, -1, 41008])
      server.fail('rate-limit', Infinity)
      expect(await bodies(4)).toEqual([45011, 45011, 45011, 45011])
      server.heal()
      expect(await bodies(1)).toEqual([41008])
      expect(server.calls).toBe(8)
    })

    it('closes at once even with a request hanging', async () => {
      server.fail('hang')
      const pending = fetch(server.endpoint).catch((error: Error) => error)
      await new Promise((resolve) => setTimeout(resolve, 50))
      const started = Date.now()
      await server.close()
      expect(Date.now() - started).toBeLessThan(1000)
      expect(await pending).toMatchObject({ message: 'fetch failed' })
      const refused = await new Promise((resolve) => createConnection(Number(new URL(server.endpoint).port), '127.0.0.1').on('error', (e: NodeJS.ErrnoException) => resolve(e.code)))
      expect(refused).toBe('ECONNREFUSED')
    })

    it.each<[unknown[], string]>([
      [['down'], 'startFakeCode2SessionServer: fail: fault should be one of busy, rate-limit, invalid-appid, invalid-secret, high-risk, http-500, html, hang, reset instead of "down"'],
      [['busy', 0], 'startFakeCode2SessionServer: fail: times should be an integer above 0, or Infinity, instead of 0'],
      [['busy', 1.5], 'startFakeCode2SessionServer: fail: times should be an integer above 0, or Infinity, instead of 1.5'],
    ])('throws a TypeError for fail(%p)', (args, message) => {
      expect(() => (server.fail as (...args: unknown[]) => void)(...args)).toThrow(new TypeError(message))
    })
  })

  it.each<[unknown, string]>([
    ['secret', 'startFakeCode2SessionServer: options should be Object instead of String'],
    [{ appSecret: '' }, 'startFakeCode2SessionServer: options.appSecret should be a non-empty String instead of an empty String'],
  ])('rejects the options %p with a TypeError', async (options, message) => {
    await expect(startFakeCode2SessionServer(options as never)).rejects.toThrow(new TypeError(message))
  })
})
