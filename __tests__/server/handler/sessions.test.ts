// The endpoint with a session store: a login answered with a token, run data decrypted with the
// stored key, one identical 401 for every failure of a stored session, and the store's faults.
import { inspect } from 'node:util'
import { createRunDataHandler, memorySessionStore, type RunDataHandlerOptions, type SessionStore } from 'taro-qq-run-data/server'
import { encryptOpenData, listenOnLoopback, startFakeCode2SessionServer, type FakeCode2SessionServer } from 'taro-qq-run-data/testing'
import { DAYS, mockLogin, onNodeHttp, QQ_APP, send, STEPS, SUMMARY, WEAPP_APP, type Answer, type Platform, type Running } from './helpers'

const RELOGIN = '{"error":"log in again","relogin":true}'
const TIMEOUT = 300

let fake: FakeCode2SessionServer
beforeAll(async () => {
  fake = await startFakeCode2SessionServer()
})
afterAll(() => fake.close())

/** A store that records what it was asked, and can be made to fail or hang. */
function recordingStore(inner: SessionStore = memorySessionStore()) {
  const calls: [string, ...unknown[]][] = []
  let mode: 'fine' | 'fail' | 'hang' = 'fine'
  const run = <T>(call: () => Promise<T>) =>
    mode == 'fail' ? Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379')) : mode == 'hang' ? new Promise<T>(() => {}) : call()
  const store: SessionStore = {
    get: (key) => (calls.push(['get', key]), run(() => inner.get(key))),
    set: (key, value, ttl) => (calls.push(['set', key, value, ttl]), run(() => inner.set(key, value, ttl))),
    delete: (key) => (calls.push(['delete', key]), run(() => inner.delete(key))),
  }
  return { store, calls, set mode(next: typeof mode) { mode = next } }
}

async function running(options: Partial<RunDataHandlerOptions> = {}) {
  const recorded = recordingStore()
  const errors: [unknown, unknown][] = []
  const runs: unknown[] = []
  const server = await onNodeHttp(
    createRunDataHandler({
      qq: QQ_APP,
      weapp: WEAPP_APP,
      endpoints: { qq: fake.endpoint, weapp: fake.endpoint },
      sessions: recorded.store,
      timeout: TIMEOUT,
      maxAgeSeconds: 300,
      onRunData: (run) => void runs.push({ platform: run.platform, openid: run.openid }),
      onError: (error, context) => void errors.push([error, context]),
      ...options,
    }),
  )
  return { server, recorded, errors, runs }
}

const post = (server: Running, body: object) => send(server.url, { body: JSON.stringify(body) })
const statusAndBody = (answer: Answer) => [answer.status, answer.text]

describe.each<Platform>(['qq', 'weapp'])('with sessions, on %s', (platform) => {
  let login: ReturnType<typeof mockLogin>
  let app: Awaited<ReturnType<typeof running>>
  beforeAll(async () => {
    login = mockLogin(platform, { steps: STEPS })
    app = await running()
  })
  afterAll(async () => {
    login.runtime.restore()
    await app.server.close()
  })
  beforeEach(() => {
    app.errors.length = 0
    app.runs.length = 0
    app.recorded.calls.length = 0
    app.recorded.mode = 'fine'
  })

  const logIn = async () => {
    const answer = await post(app.server, { platform, code: await login.login() })
    expect(answer.status).toBe(200)
    return (JSON.parse(answer.text) as { session: string }).session
  }
  const withSession = async (session: string, overrides: Record<string, unknown> = {}) =>
    post(app.server, { platform, session, ...(await login.runData()), ...overrides })

  it('answers a login with an opaque token, and keeps the session under its SHA-256 for 7 days', async () => {
    const exchanges = fake.calls
    const session = await logIn()
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fake.calls).toBe(exchanges + 1)
    const [[method, key, value, ttl]] = app.recorded.calls as [[string, string, string, number]]
    expect([method, ttl]).toEqual(['set', 604800])
    expect(key).not.toContain(session)
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(JSON.parse(value)).toEqual({ platform, openid: login.runtime.openid, sessionKey: login.runtime.sessionKey })
    expect(value).not.toContain(session)
  })

  it('answers run data with a session as the one-shot request does, without asking the platform', async () => {
    const session = await logIn()
    const exchanges = fake.calls
    for (let i = 0; i < 2; i++) {
      const answer = await withSession(session)
      expect(answer.status).toBe(200)
      expect(JSON.parse(answer.text)).toEqual({ platform, days: DAYS, summary: SUMMARY })
    }
    expect(fake.calls).toBe(exchanges)
    expect(app.runs).toEqual([{ platform, openid: login.runtime.openid }, { platform, openid: login.runtime.openid }])
  })

  const flipLastByte = (data: string) => {
    const bytes = Buffer.from(data, 'base64')
    bytes[bytes.length - 1]! ^= 1
    return bytes.toString('base64')
  }
  const now = () => Math.floor(Date.now() / 1000)

  it.each<[string, (session: string) => Promise<Answer>]>([
    ['a session of the other platform', async (session) => post(app.server, { platform: platform == 'qq' ? 'weapp' : 'qq', session, ...(await login.runData()) })],
    ['data whose last block is corrupt', async (session) => {
      const data = await login.runData()
      return withSession(session, { encryptedData: flipLastByte(data.encryptedData) })
    }],
    ['data encrypted with another key (a rotated session_key)', (session) =>
      withSession(session, encryptOpenData({ stepInfoList: STEPS, watermark: { appid: login.runtime.appId, timestamp: now() } }, { sessionKey: 'AAAAAAAAAAAAAAAAAAAAAA==' }))],
    ['data made for another app', (session) =>
      withSession(session, encryptOpenData({ stepInfoList: STEPS, watermark: { appid: 'another-app', timestamp: now() } }, { sessionKey: login.runtime.sessionKey }))],
    ['data stamped an hour ago', (session) =>
      withSession(session, encryptOpenData({ stepInfoList: STEPS, watermark: { appid: login.runtime.appId, timestamp: now() - 3600 } }, { sessionKey: login.runtime.sessionKey }))],
    ['data that is not run data', (session) =>
      withSession(session, encryptOpenData({ stepInfoList: 'many', watermark: { appid: login.runtime.appId, timestamp: now() } }, { sessionKey: login.runtime.sessionKey }))],
  ])('answers %s with the one relogin answer, and ends the session', async (_, request) => {
    const session = await logIn()
    const answer = await request(session)
    expect(statusAndBody(answer)).toEqual([401, RELOGIN])
    expect(app.errors.map(([, context]) => context)).toEqual([{ platform: expect.any(String), stage: 'session' }])
    // Gone: even good data with it is refused now.
    expect(statusAndBody(await withSession(session))).toEqual([401, RELOGIN])
  })

  it.each([
    ['an unknown token', 'A'.repeat(43)],
    ['a token not shaped like one', 'not-a-token'],
  ])('answers %s with the one relogin answer, without asking the platform', async (_, token) => {
    const calls = fake.calls
    expect(statusAndBody(await withSession(token))).toEqual([401, RELOGIN])
    expect(app.errors).toMatchObject([[{ code: 'LOGIN_REQUIRED', message: 'createRunDataHandler: no such session: it expired, was ended, or never existed; the app should log in again' }, { platform, stage: 'session' }]])
    expect(fake.calls).toBe(calls)
  })

  it.each<[string, Record<string, unknown>]>([
    ['no iv', { iv: undefined }],
    ['an iv that is a Number', { iv: 16 }],
    ['encryptedData in base64url', { encryptedData: '-_-_AAAAAAAAAAAAAAAAAA==' }],
    ['a session that is a Number', { session: 42 }],
    ['both a code and a session', { code: 'abc' }],
  ])('answers a body with %s 400 "bad request", and leaves the session alone', async (_, overrides) => {
    const session = await logIn()
    const answer = await withSession(session, overrides)
    expect(statusAndBody(answer)).toEqual([400, '{"error":"bad request"}'])
    expect(app.errors.map(([, context]) => context)).toEqual([{ platform, stage: 'request' }])
    expect((await withSession(session)).status).toBe(200)
  })

  it('answers a login code the platform refuses 401 without relogin, as the one-shot request', async () => {
    const answer = await post(app.server, { platform, code: 'never-issued' })
    expect(statusAndBody(answer)).toEqual([401, '{"error":"log in again"}'])
  })

  it.each(['fail', 'hang'] as const)('answers 503 within the timeout when the store %ss, and recovers with it', async (mode) => {
    const session = await logIn()
    app.recorded.mode = mode
    const started = Date.now()
    for (const answer of [await withSession(session), await post(app.server, { platform, code: await login.login() })]) {
      expect([answer.status, answer.headers['retry-after'], answer.text]).toEqual([503, '1', '{"error":"try again later"}'])
    }
    expect(Date.now() - started).toBeLessThan(2 * TIMEOUT + 1000)
    expect(app.errors.map(([error, context]) => [(error as { code: string }).code, context])).toEqual([
      ['STORE_UNAVAILABLE', { platform, stage: 'session' }],
      ['STORE_UNAVAILABLE', { platform, stage: 'session' }],
    ])
    app.recorded.mode = 'fine'
    expect((await withSession(session)).status).toBe(200)
  })

  it('still answers the relogin when ending the session fails, and tells onError both', async () => {
    const session = await logIn()
    app.errors.length = 0
    const data = await login.runData()
    app.recorded.mode = 'fine'
    const store = app.recorded
    const original = store.store.delete
    store.store.delete = () => Promise.reject(new Error('READONLY You can’t write against a read only replica.'))
    try {
      const answer = await withSession(session, { encryptedData: flipLastByte(data.encryptedData) })
      expect(statusAndBody(answer)).toEqual([401, RELOGIN])
      expect(app.errors.map(([error]) => (error as { code: string }).code)).toEqual(['STORE_UNAVAILABLE', 'DECRYPT_FAILED'])
    } finally {
      store.store.delete = original
    }
  })

  it('never lets the session key, the token or the secret into an answer or onError', async () => {
    const session = await logIn()
    const answers = [
      await withSession(session),
      await withSession('A'.repeat(43)),
      await withSession(session, { iv: 1 }),
      await post(app.server, { platform, code: 'never-issued' }),
    ]
    const secrets = [login.runtime.sessionKey, session, QQ_APP.appSecret, WEAPP_APP.appSecret]
    const seen = [...answers.map((answer) => answer.text), ...app.errors.map((args) => inspect(args, { depth: 5 })), JSON.stringify(app.errors)].join('\n')
    for (const secret of secrets) expect(seen).not.toContain(secret)
    const stored = app.recorded.calls.map((call) => JSON.stringify(call)).join('\n')
    for (const secret of [session, QQ_APP.appSecret, WEAPP_APP.appSecret]) expect(stored).not.toContain(secret)
  })
})

describe('without sessions', () => {
  let login: ReturnType<typeof mockLogin>
  let server: Running
  const errors: unknown[] = []
  beforeAll(async () => {
    login = mockLogin('qq', { steps: STEPS })
    server = await onNodeHttp(createRunDataHandler({ qq: QQ_APP, endpoints: { qq: fake.endpoint }, onError: (error) => void errors.push(error) }))
  })
  afterAll(async () => {
    login.runtime.restore()
    await server.close()
  })

  it.each<[string, () => Promise<object>, string]>([
    ['a login alone', async () => ({ platform: 'qq', code: await login.login() }), "createRunDataHandler: the body has a code without run data, which starts a session, but sessions are not configured: give createRunDataHandler a sessions store, such as memorySessionStore()"],
    ['a session', async () => ({ platform: 'qq', session: 'A'.repeat(43), ...(await login.runData()) }), 'createRunDataHandler: the body has a session, but sessions are not configured: give createRunDataHandler a sessions store, such as memorySessionStore()'],
  ])('answers %s 400 "bad request", and onError says sessions are not configured', async (_, body, message) => {
    errors.length = 0
    const calls = fake.calls
    expect(statusAndBody(await post(server, await body()))).toEqual([400, '{"error":"bad request"}'])
    expect(errors).toMatchObject([{ code: 'INVALID_INPUT', message }])
    expect(fake.calls).toBe(calls)
  })
})

describe('the session options', () => {
  it.each<[string, unknown, string]>([
    ['a store without delete', { get: async () => undefined, set: async () => {} }, 'createRunDataHandler: options.sessions should be a SessionStore { get, set, delete }, such as memorySessionStore() instead of Object'],
    ['a String', 'redis://127.0.0.1:6379', 'createRunDataHandler: options.sessions should be a SessionStore { get, set, delete }, such as memorySessionStore() instead of String'],
  ])('refuses %s as sessions', (_, sessions, message) => {
    expect(() => createRunDataHandler({ qq: QQ_APP, sessions: sessions as SessionStore })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message }))
  })

  it.each([0, 1.5, -1, 2 ** 31, '7d'])('refuses a sessionTtlSeconds of %p', (ttl) => {
    expect(() => createRunDataHandler({ qq: QQ_APP, sessions: memorySessionStore(), sessionTtlSeconds: ttl as number })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringMatching(/^createRunDataHandler: options\.sessionTtlSeconds should be an integer number of seconds from 1 to 2147483647 instead of /) }),
    )
  })

  it('answers the relogin once the session has expired', async () => {
    const { server } = await running({ sessionTtlSeconds: 60 })
    const login = mockLogin('qq', { steps: STEPS })
    const realNow = Date.now()
    try {
      const { session } = JSON.parse((await post(server, { platform: 'qq', code: await login.login() })).text) as { session: string }
      const clock = jest.spyOn(Date, 'now').mockReturnValue(realNow + 59_000)
      expect((await post(server, { platform: 'qq', session, ...(await login.runData()) })).status).toBe(200)
      clock.mockReturnValue(realNow + 61_000)
      expect(statusAndBody(await post(server, { platform: 'qq', session, ...(await login.runData()) }))).toEqual([401, RELOGIN])
    } finally {
      jest.restoreAllMocks()
      login.runtime.restore()
      await server.close()
    }
  })

  it('keeps the unionid the platform sent with the session, for onRunData', async () => {
    const login = mockLogin('weapp', { steps: STEPS })
    const platform = await listenOnLoopback((_req, res) => void res.end(JSON.stringify({ openid: 'o-user', session_key: login.runtime.sessionKey, unionid: 'u-user' })))
    const runs: unknown[] = []
    const server = await onNodeHttp(
      createRunDataHandler({ weapp: WEAPP_APP, endpoints: { weapp: platform.url }, sessions: memorySessionStore(), onRunData: ({ openid, unionid }) => void runs.push({ openid, unionid }) }),
    )
    try {
      const { session } = JSON.parse((await post(server, { platform: 'weapp', code: await login.login() })).text) as { session: string }
      expect((await post(server, { platform: 'weapp', session, ...(await login.runData()) })).status).toBe(200)
      expect(runs).toEqual([{ openid: 'o-user', unionid: 'u-user' }])
    } finally {
      login.runtime.restore()
      await Promise.all([server.close(), platform.close()])
    }
  })

  it('keeps sessions for sessionTtlSeconds', async () => {
    const { server, recorded } = await running({ sessionTtlSeconds: 3600 })
    const login = mockLogin('weapp')
    try {
      expect((await post(server, { platform: 'weapp', code: await login.login() })).status).toBe(200)
      expect(recorded.calls.map(([method, , , ttl]) => [method, ttl])).toEqual([['set', 3600]])
    } finally {
      login.runtime.restore()
      await server.close()
    }
  })
})
