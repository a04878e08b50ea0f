// syncRunData against the testing kit's mocks and a small stand-in endpoint on loopback that
// answers the three bodies of the session endpoint, over real HTTP.
import type { IncomingMessage } from 'node:http'
import fc from 'fast-check'
import { isAuthDenied, syncRunData } from 'taro-qq-run-data'
import { code2Session, decryptRunData } from '../../src/server'
import {
  listenOnLoopback,
  mockQQRuntime,
  mockWeChatRuntime,
  startFakeCode2SessionServer,
  type FakeCode2SessionServer,
  type LoopbackServer,
  type MockQQRuntime,
  type MockWeChatRuntime,
} from '../../src/testing'
import { sendJson } from '../../src/testing/loopback-server'
import { DAY, JUNE_1 } from '../fixtures/run-data'
import { NOW } from '../testing/helpers'

const STEPS = [
  { timestamp: JUNE_1 - DAY, step: 8000 },
  { timestamp: JUNE_1, step: 12000 },
]
const ANSWER = { steps: [8000, 12000] }
const RELOGIN = { error: 'log in again', relogin: true }
const KEY = 'taro-qq-run-data:session'

/** The stand-in endpoint: what it holds, what it was asked, and how it answers. */
interface Endpoint {
  url: string
  sessions: Map<string, { platform: string; sessionKey: string; appId: string }>
  /** The bodies it got, in order, by kind. */
  seen: string[]
  /** Answer every data post with this instead, when set. */
  override?: [number, object]
  tokens: number
}

let code2session: FakeCode2SessionServer
let server: LoopbackServer
let endpoint: Endpoint

const read = (req: IncomingMessage) =>
  new Promise<Record<string, string>>((resolve) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk))
    req.on('end', () => resolve(JSON.parse(text) as Record<string, string>))
  })

beforeAll(async () => {
  code2session = await startFakeCode2SessionServer()
  server = await listenOnLoopback(async (req, res) => {
    const body = await read(req)
    const { platform, code, session, encryptedData, iv } = body
    if (code) {
      endpoint.seen.push('code')
      const appId = req.headers['x-app-id'] as string
      const { sessionKey } = await code2Session({ platform: platform as 'qq', appId, appSecret: 'secret', code, endpoint: code2session.endpoint })
      const token = `token-${++endpoint.tokens}`
      endpoint.sessions.set(token, { platform: platform!, sessionKey, appId })
      return sendJson(res, 200, { session: token })
    }
    endpoint.seen.push('data')
    if (endpoint.override) return sendJson(res, ...endpoint.override)
    const stored = endpoint.sessions.get(session!)
    try {
      if (!stored || stored.platform != platform) throw new Error('no session')
      const data = decryptRunData({ encryptedData: encryptedData!, iv: iv!, sessionKey: stored.sessionKey, appId: stored.appId })
      sendJson(res, 200, { platform, steps: data.stepInfoList.map(({ step }) => step) })
    } catch {
      endpoint.sessions.delete(session!)
      sendJson(res, 401, RELOGIN)
    }
  })
})

afterAll(async () => {
  await server.close()
  await code2session.close()
})

let runtime: MockQQRuntime | MockWeChatRuntime | undefined
beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
  endpoint = { url: server.url + '/steps', sessions: new Map(), seen: [], tokens: 0 }
})
afterEach(() => {
  runtime?.restore()
  runtime = undefined
  jest.restoreAllMocks()
  delete process.env.TARO_ENV
})

const platforms = [
  ['QQ', 'qq', () => mockQQRuntime({ steps: STEPS }), 'getQQRunData'],
  ['WeChat', 'weapp', () => mockWeChatRuntime({ steps: STEPS }), 'getWeRunData'],
] as const

const storage = () => (globalThis as unknown as Record<string, { getStorageSync(key: string): unknown }>)[process.env.TARO_ENV == 'qq' ? 'qq' : 'wx']!

describe.each(platforms)('syncRunData on %s', (_, platform, install, method) => {
  const answer = { platform, ...ANSWER }
  const sync = (option: object = {}) => {
    const header = { 'x-app-id': runtime!.appId }
    return syncRunData({ url: endpoint.url, header, ...option })
  }
  const counts = (login: number, checkSession: number, request: number, data: number) => ({
    login,
    checkSession,
    request,
    [method]: data,
  })

  beforeEach(() => {
    runtime = install()
  })

  it('logs in once on the first call, stores the token, and resolves the answer', async () => {
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime!.calls).toEqual(counts(1, 0, 2, 1))
    expect(endpoint.seen).toEqual(['code', 'data'])
    expect(storage().getStorageSync(KEY)).toBe('token-1')
  })

  it('neither logs in nor posts a code on the second call', async () => {
    await sync()
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime!.calls).toEqual(counts(1, 1, 3, 2))
    expect(endpoint.seen).toEqual(['code', 'data', 'data'])
  })

  it('logs in exactly once more when the server forgot the session', async () => {
    await sync()
    endpoint.sessions.clear()
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime!.calls).toEqual(counts(2, 1, 5, 3))
    expect(endpoint.seen).toEqual(['code', 'data', 'data', 'code', 'data'])
    expect(storage().getStorageSync(KEY)).toBe('token-2')
  })

  it('fails rather than loop when a fresh token gets 401 relogin', async () => {
    endpoint.override = [401, RELOGIN]
    await expect(sync()).rejects.toEqual({ errMsg: 'syncRunData:fail HTTP 401', statusCode: 401, data: RELOGIN })
    expect(runtime!.calls).toEqual(counts(1, 0, 2, 1))
  })

  it('relogs in once after 401 relogin on a stored token, and fails if the fresh one gets it too', async () => {
    await sync()
    endpoint.override = [401, RELOGIN]
    await expect(sync()).rejects.toEqual({ errMsg: 'syncRunData:fail HTTP 401', statusCode: 401, data: RELOGIN })
    expect(runtime!.calls).toEqual(counts(2, 1, 5, 3))
    expect(endpoint.seen).toEqual(['code', 'data', 'data', 'code', 'data'])
  })

  it('logs in once, with a rotated session key, after the platform expired the session', async () => {
    await sync()
    const before = runtime!.sessionKey
    runtime!.expireSession()
    await expect(sync()).resolves.toEqual(answer)
    expect(runtime!.sessionKey).not.toBe(before)
    expect(runtime!.calls).toEqual(counts(2, 1, 4, 2))
    expect(endpoint.seen).toEqual(['code', 'data', 'code', 'data'])
  })

  it('fails with the status and the answer on any other status', async () => {
    endpoint.override = [503, { error: 'try again later' }]
    const { log, ...callbacks } = recorder()
    await expect(sync(callbacks)).rejects.toEqual({
      errMsg: 'syncRunData:fail HTTP 503',
      statusCode: 503,
      data: { error: 'try again later' },
    })
    expect(log).toEqual(['fail', 'complete'])
  })

  it('shares one login between two calls at the same moment', async () => {
    await expect(Promise.all([sync(), sync()])).resolves.toEqual([answer, answer])
    expect(runtime!.calls.login).toBe(1)
    expect(endpoint.seen.filter((kind) => kind == 'code')).toEqual(['code'])
  })

  it('passes a refusal on as its own failure, which isAuthDenied recognises', async () => {
    runtime!.restore()
    runtime = platform == 'qq' ? mockQQRuntime({ respond: 'deny' }) : mockWeChatRuntime({ respond: 'deny' })
    const reason = await sync().catch((res: unknown) => res)
    expect(reason).toEqual({ errMsg: 'syncRunData:fail auth deny' })
    expect(isAuthDenied(reason)).toBe(true)
  })

  it('runs success, then complete, with the answer', async () => {
    const { log, ...callbacks } = recorder()
    await sync(callbacks)
    expect(log).toEqual(['success', 'complete'])
  })
})

/** Records the order of the callbacks. */
function recorder() {
  const log: string[] = []
  return {
    log,
    success: () => void log.push('success'),
    fail: () => void log.push('fail'),
    complete: () => void log.push('complete'),
  }
}

describe('syncRunData with a timeout', () => {
  it('covers the whole flow: nothing more after it fired, but the shared login still stores its token', async () => {
    runtime = mockWeChatRuntime({ steps: STEPS, delay: 60 })
    const started = syncRunData({ url: endpoint.url, header: { 'x-app-id': runtime.appId }, timeout: 30 })
    await expect(started).rejects.toEqual({ errMsg: 'syncRunData:fail timeout' })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(endpoint.seen).toEqual(['code'])
    expect(runtime.calls).toEqual({ login: 1, checkSession: 0, request: 1, getWeRunData: 0 })
    expect(storage().getStorageSync(KEY)).toBe('token-1')
  })
})

describe('syncRunData with a throwing callback', () => {
  it.each([
    ['success', { cloud: (): unknown => 'ok' }],
    ['fail', { cloud: (): unknown => Promise.reject(new Error('down')) }],
  ])('in %s still lets complete run and the Promise settle, then is raised again', async (name, options) => {
    jest.useFakeTimers()
    try {
      runtime = mockWeChatRuntime(options)
      const error = new Error(`thrown by ${name}`)
      const complete = jest.fn()
      const outcome = syncRunData({
        cloudFunction: 'steps',
        [name]: () => {
          throw error
        },
        complete,
      }).then(
        () => 'resolved',
        () => 'rejected',
      )
      await expect(jest.runAllTimersAsync()).rejects.toThrow(error)
      await expect(outcome).resolves.toBe(name == 'success' ? 'resolved' : 'rejected')
      expect(complete).toHaveBeenCalledTimes(1)
    } finally {
      jest.useRealTimers()
    }
  })
})

describe('syncRunData parameter errors', () => {
  it.each([
    [{ url: 42 }, 'parameter.url should be String instead of Number'],
    [{ cloudFunction: {} }, 'parameter.cloudFunction should be String instead of Object'],
    [{ url: '/x', header: [] }, 'parameter.header should be Object instead of Array'],
    [{ url: '/x', storageKey: 1 }, 'parameter.storageKey should be String instead of Number'],
    [{}, 'parameter.url or parameter.cloudFunction is required'],
    [null, 'parameter.url or parameter.cloudFunction is required'],
    [{ url: '/x', cloudFunction: 'steps' }, 'parameter.url and parameter.cloudFunction cannot be given together'],
    [{ url: '' }, 'parameter.url should not be empty'],
    [{ cloudFunction: '' }, 'parameter.cloudFunction should not be empty'],
    [{ url: '/x', storageKey: '' }, 'parameter.storageKey should not be empty'],
    [{ url: '/x', timeout: 0 }, 'parameter.timeout should be Number above 0 and at most 2147483647 instead of 0'],
    ['url', ' should be Object instead of String'],
  ])('%p fails with %p', async (option, problem) => {
    runtime = mockWeChatRuntime()
    const reason = problem.startsWith(' ') ? `parameter${problem}` : problem
    await expect(syncRunData(option as never)).rejects.toEqual({ errMsg: `syncRunData:fail parameter error: ${reason}` })
    expect(runtime.calls).toEqual({ login: 0, checkSession: 0, request: 0, getWeRunData: 0 })
  })
})

describe('syncRunData given anything', () => {
  it('never throws synchronously, never changes the option, and fails with a parameter error or as not supported', async () => {
    process.env.TARO_ENV = 'h5'
    const option = fc.oneof(
      fc.anything({ withBigInt: true, withMap: true, withSet: true }),
      fc.record(
        { url: fc.anything(), cloudFunction: fc.anything(), header: fc.anything(), storageKey: fc.anything(), timeout: fc.anything() },
        { requiredKeys: [] },
      ),
    )
    await fc.assert(
      fc.asyncProperty(option, async (option) => {
        const before = fc.stringify(option)
        let outcome: Promise<unknown> | undefined
        expect(() => {
          outcome = syncRunData(option as never).catch((res: { errMsg: string }) => res.errMsg)
        }).not.toThrow()
        expect(await outcome).toMatch(/^syncRunData:fail (parameter error: parameter.+|not supported on h5)$/)
        expect(fc.stringify(option)).toBe(before)
      }),
    )
  })
})

describe('syncRunData where it is not supported', () => {
  it.each([
    ['h5', { url: '/steps' }, 'h5'],
    ['h5', { cloudFunction: 'steps' }, 'h5'],
  ])('on %s fails as not supported with %p', async (env, option, platform) => {
    process.env.TARO_ENV = env
    await expect(syncRunData(option)).rejects.toEqual({ errMsg: `syncRunData:fail not supported on ${platform}`, platform })
  })

  it('with cloudFunction on QQ fails as not supported, since QQ run data has no cloudID', async () => {
    runtime = mockQQRuntime()
    await expect(syncRunData({ cloudFunction: 'steps' })).rejects.toEqual({
      errMsg: 'syncRunData:fail not supported on qq',
      platform: 'qq',
    })
    expect(runtime.calls.getQQRunData).toBe(0)
  })
})

describe('syncRunData with cloudFunction', () => {
  it('hands the cloud function the CloudID of the data, and resolves with its result', async () => {
    const events: unknown[] = []
    runtime = mockWeChatRuntime({
      steps: STEPS,
      cloud: (event) => {
        events.push(event)
        const { data } = event.weRunData as { data: { stepInfoList: { step: number }[] } }
        return { steps: data.stepInfoList.map(({ step }) => step) }
      },
    })
    const { log, ...callbacks } = recorder()
    await expect(syncRunData({ cloudFunction: 'steps', ...callbacks })).resolves.toEqual({ steps: [8000, 12000] })
    expect(log).toEqual(['success', 'complete'])
    expect(events).toEqual([
      {
        weRunData: {
          cloudID: runtime.cloudID,
          data: { stepInfoList: STEPS, watermark: { appid: 'wx4f4bc4dec97d474b', timestamp: NOW } },
        },
        userInfo: { openId: runtime.openid, appId: 'wx4f4bc4dec97d474b' },
      },
    ])
    expect(runtime.calls).toEqual({ login: 0, checkSession: 0, request: 0, getWeRunData: 1 })
  })

  it('fails with the cloud function failure said as its own', async () => {
    runtime = mockWeChatRuntime({
      cloud: () => {
        throw new Error('no database')
      },
    })
    await expect(syncRunData({ cloudFunction: 'steps' })).rejects.toEqual({ errMsg: 'syncRunData:fail no database', errCode: -504002 })
  })

  it('on a host without wx.cloud says to call Taro.cloud.init first', async () => {
    runtime = mockWeChatRuntime()
    await expect(syncRunData({ cloudFunction: 'steps' })).rejects.toEqual({
      errMsg: 'syncRunData:fail wx.cloud is missing: call Taro.cloud.init() first',
    })
    expect(runtime.calls.getWeRunData).toBe(0)
  })
})

describe('syncRunData on a host that misbehaves', () => {
  type Option = { success?: (res: unknown) => void; fail?: (res: unknown) => void; url?: string; data?: Record<string, unknown> }
  const ok = (res: unknown) => (option: Option) => setTimeout(() => option.success?.(res))
  const no = (res: unknown) => (option: Option) => setTimeout(() => option.fail?.(res))
  const DATA = { errMsg: 'getWeRunData:ok', encryptedData: 'ZW5j', iv: 'aXY=', cloudID: 'cloud-1' }

  /** A fake `wx` built from `methods`, over the defaults of a host where everything works. */
  function host(methods: Record<string, unknown> = {}) {
    const storage = new Map<string, unknown>()
    const posted: unknown[] = []
    const wx: Record<string, unknown> = {
      login: ok({ errMsg: 'login:ok', code: 'code-1' }),
      checkSession: ok({ errMsg: 'checkSession:ok' }),
      request: (option: Option) => {
        posted.push(option.data)
        ok({ errMsg: 'request:ok', statusCode: 200, data: option.data!.code ? { session: 'token-1' } : { ok: true } })(option)
      },
      getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
      setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
      removeStorageSync: (key: string) => void storage.delete(key),
      getWeRunData: ok(DATA),
      ...methods,
    }
    Object.defineProperty(globalThis, 'wx', { value: wx, configurable: true, writable: true })
    process.env.TARO_ENV = 'weapp'
    return { storage, posted }
  }
  afterEach(() => delete (globalThis as Record<string, unknown>).wx)
  const sync = (option: object = {}) => syncRunData({ url: '/steps', ...option })

  it.each([
    ['a login without a code', { login: ok({ errMsg: 'login:ok' }) }, { errMsg: 'syncRunData:fail wx.login gave no code' }],
    [
      'a login answer without a session',
      { request: ok({ errMsg: 'request:ok', statusCode: 200, data: {} }) },
      { errMsg: 'syncRunData:fail the endpoint answered the login without a session: give createRunDataHandler its sessions' },
    ],
    [
      'a login answer that is no JSON',
      { request: ok({ errMsg: 'request:ok', statusCode: 200, data: '' }) },
      { errMsg: 'syncRunData:fail the endpoint answered the login without a session: give createRunDataHandler its sessions' },
    ],
    ['a failed login', { login: no({ errMsg: 'login:fail network error', errCode: -1 }) }, { errMsg: 'syncRunData:fail network error', errCode: -1 }],
    ['a failed request', { request: no({ errMsg: 'request:fail:timeout' }) }, { errMsg: 'syncRunData:fail timeout' }],
    [
      'run data without encryptedData',
      { getWeRunData: ok({ errMsg: 'getWeRunData:ok', iv: 'aXY=' }) },
      { errMsg: 'syncRunData:fail wx.getWeRunData gave no encryptedData and iv' },
    ],
    [
      'a login that throws',
      {
        login: () => {
          throw new Error('login is broken')
        },
      },
      { errMsg: 'syncRunData:fail login is broken' },
    ],
    ['a failure without a result', { login: no(undefined) }, { errMsg: 'syncRunData:fail undefined' }],
  ])('fails on %s', async (_, methods, failure) => {
    host(methods)
    await expect(sync()).rejects.toEqual(failure)
  })

  it('logs in again on the next call after a failed login', async () => {
    let logins = 0
    host({ login: (option: Option) => (++logins == 1 ? no({ errMsg: 'login:fail busy' }) : ok({ errMsg: 'login:ok', code: 'c' }))(option) })
    await expect(sync()).rejects.toEqual({ errMsg: 'syncRunData:fail busy' })
    await expect(sync()).resolves.toEqual({ ok: true })
    expect(logins).toBe(2)
  })

  it('works on with storage that throws, logging in each time', async () => {
    const broken = () => {
      throw new Error('storage full')
    }
    const { posted } = host({ getStorageSync: broken, setStorageSync: broken })
    await expect(sync()).resolves.toEqual({ ok: true })
    await expect(sync()).resolves.toEqual({ ok: true })
    expect(posted).toEqual([
      { platform: 'weapp', code: 'code-1' },
      { platform: 'weapp', session: 'token-1', encryptedData: 'ZW5j', iv: 'aXY=' },
      { platform: 'weapp', code: 'code-1' },
      { platform: 'weapp', session: 'token-1', encryptedData: 'ZW5j', iv: 'aXY=' },
    ])
  })

  it('keeps a stored token when checkSession answers success without a result, and uses the storage key given', async () => {
    const { storage, posted } = host({ checkSession: ok(undefined) })
    storage.set('mine', 'token-0')
    await expect(sync({ storageKey: 'mine' })).resolves.toEqual({ ok: true })
    expect(posted).toEqual([{ platform: 'weapp', session: 'token-0', encryptedData: 'ZW5j', iv: 'aXY=' }])
  })

  it.each([
    ['relogin false', { error: 'log in again', relogin: false }],
    ['no body', null],
  ])('takes a 401 with %s as a failure, without logging in', async (_, data) => {
    const { storage } = host({ request: ok({ errMsg: 'request:ok', statusCode: 401, data }) })
    storage.set(KEY, 'token-0')
    await expect(sync()).rejects.toEqual({ errMsg: 'syncRunData:fail HTTP 401', statusCode: 401, data })
    expect(storage.get(KEY)).toBe('token-0')
  })

  it('leaves a token that another call stored meanwhile when its own gets 401 relogin', async () => {
    let answered = 0
    const { storage, posted } = host({
      request: (option: Option) => {
        posted.push(option.data)
        if (answered++ == 0) {
          storage.set(KEY, 'token-9')
          return ok({ errMsg: 'request:ok', statusCode: 401, data: RELOGIN })(option)
        }
        ok({ errMsg: 'request:ok', statusCode: 200, data: option.data!.code ? { session: 'token-1' } : { ok: true } })(option)
      },
    })
    storage.set(KEY, 'token-0')
    await expect(sync()).resolves.toEqual({ ok: true })
    expect(posted).toEqual([
      { platform: 'weapp', session: 'token-0', encryptedData: 'ZW5j', iv: 'aXY=' },
      { platform: 'weapp', code: 'code-1' },
      { platform: 'weapp', session: 'token-1', encryptedData: 'ZW5j', iv: 'aXY=' },
    ])
  })

  it('posts nothing when the timeout fired while the run data was on its way', async () => {
    let give: (() => void) | undefined
    const { posted } = host({ getWeRunData: (option: Option) => (give = () => option.success?.(DATA)) })
    await expect(sync({ timeout: 20 })).rejects.toEqual({ errMsg: 'syncRunData:fail timeout' })
    give!()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(posted).toEqual([{ platform: 'weapp', code: 'code-1' }])
  })

  it('gets no run data when the timeout fired during the login', async () => {
    let finish: (() => void) | undefined
    const getWeRunData = jest.fn()
    host({ login: (option: Option) => (finish = () => option.success?.({ errMsg: 'login:ok', code: 'c' })), getWeRunData })
    await expect(sync({ timeout: 20 })).rejects.toEqual({ errMsg: 'syncRunData:fail timeout' })
    finish!()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(getWeRunData).not.toHaveBeenCalled()
  })

  describe('with cloudFunction', () => {
    const cloud = (callFunction: unknown = ok({ errMsg: 'cloud.callFunction:ok', result: 7 })) => ({
      callFunction,
      CloudID: (cloudID: string) => ({ cloudID }),
    })

    it('hands callFunction the name and the CloudID', async () => {
      const callFunction = jest.fn(ok({ errMsg: 'cloud.callFunction:ok', result: 7 }))
      host({ cloud: cloud(callFunction) })
      await expect(syncRunData({ cloudFunction: 'steps' })).resolves.toBe(7)
      expect(callFunction.mock.calls[0]![0]).toMatchObject({ name: 'steps', data: { weRunData: { cloudID: 'cloud-1' } } })
    })

    it.each([
      ['a cloud without callFunction', { CloudID: () => ({}) }],
      ['a cloud without CloudID', { callFunction: () => {} }],
    ])('on %s says to call Taro.cloud.init first', async (_, wxCloud) => {
      host({ cloud: wxCloud })
      await expect(syncRunData({ cloudFunction: 'steps' })).rejects.toEqual({
        errMsg: 'syncRunData:fail wx.cloud is missing: call Taro.cloud.init() first',
      })
    })

    it('fails when the run data has no cloudID', async () => {
      host({ cloud: cloud(), getWeRunData: ok({ ...DATA, cloudID: undefined }) })
      await expect(syncRunData({ cloudFunction: 'steps' })).rejects.toEqual({
        errMsg: 'syncRunData:fail wx.getWeRunData gave no cloudID: turn on cloud development and call Taro.cloud.init() first',
      })
    })

    it('calls no function when the timeout fired while the run data was on its way', async () => {
      let give: (() => void) | undefined
      const callFunction = jest.fn()
      host({ cloud: cloud(callFunction), getWeRunData: (option: Option) => (give = () => option.success?.(DATA)) })
      await expect(syncRunData({ cloudFunction: 'steps', timeout: 20 })).rejects.toEqual({ errMsg: 'syncRunData:fail timeout' })
      give!()
      await new Promise((resolve) => setTimeout(resolve, 10))
      expect(callFunction).not.toHaveBeenCalled()
    })
  })
})
