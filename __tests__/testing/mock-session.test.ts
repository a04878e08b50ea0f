// What the mocks give syncRunData: request over real HTTP, checkSession, storage in memory,
// expireSession rotating the key, the counts, and WeChat's cloud.
import { code2Session, decryptRunData } from '../../src/server'
import {
  listenOnLoopback,
  mockQQRuntime,
  mockWeChatRuntime,
  startFakeCode2SessionServer,
  type LoopbackServer,
  type MockCloudEvent,
} from '../../src/testing'
import { JUNE_1 } from '../fixtures/run-data'
import { callNative, fixClock, installing, NOW } from './helpers'

type Host = Record<string, (option?: any, value?: unknown) => unknown>
const global = (name: 'qq' | 'wx') => (globalThis as unknown as Record<string, Host>)[name]!

/** Calls `name` of the installed host with `option` and callbacks; resolves with what it answered. */
const ask = (host: 'qq' | 'wx', name: string, option: object = {}) =>
  new Promise<{ ok: boolean; res: Record<string, unknown> }>((resolve) => {
    let answer: { ok: boolean; res: Record<string, unknown> } | undefined
    global(host)[name]!({
      ...option,
      success: (res: Record<string, unknown>) => void (answer = { ok: true, res }),
      fail: (res: Record<string, unknown>) => void (answer = { ok: false, res }),
      complete: () => resolve(answer!),
    })
  })

const { install: installQQ } = installing(mockQQRuntime)
const { install: installWeChat } = installing(mockWeChatRuntime)

let server: LoopbackServer
const received: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = []
beforeAll(async () => {
  server = await listenOnLoopback((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      const path = req.url!.split('?')[0]
      if (path == '/text') return void res.writeHead(200, { 'content-type': 'text/plain', 'x-answer': 'plain' }).end('plain words')
      if (path == '/hang') return
      res.writeHead(path == '/missing' ? 404 : 200, { 'content-type': 'application/json' }).end('{"answer":42}')
    })
  })
})
afterAll(() => server.close())
beforeEach(() => void received.splice(0))

describe.each([
  ['mockQQRuntime', 'qq', installQQ],
  ['mockWeChatRuntime', 'wx', installWeChat],
] as const)('%s', (_, host, install) => {
  it('sends request over real HTTP: a POST of JSON, with the headers given, answered with status, parsed data and headers', async () => {
    const runtime = install()
    const { ok, res } = await ask(host, 'request', { url: server.url + '/missing', method: 'POST', header: { 'x-app': 'demo' }, data: { a: 1 } })
    expect(ok).toBe(true)
    expect(res).toMatchObject({ errMsg: 'request:ok', statusCode: 404, data: { answer: 42 } })
    expect((res.header as Record<string, string>)['content-type']).toBe('application/json')
    expect(received).toMatchObject([{ method: 'POST', url: '/missing', headers: { 'x-app': 'demo', 'content-type': 'application/json' }, body: '{"a":1}' }])
    expect(runtime.calls.request).toBe(1)
  })

  it('sends a GET with its data as the query, and keeps a body that is no JSON as text', async () => {
    install()
    const { res } = await ask(host, 'request', { url: server.url + '/text?x=1', data: { day: '2024-06-01', n: 2 } })
    expect(res).toMatchObject({ errMsg: 'request:ok', statusCode: 200, data: 'plain words' })
    expect(received[0]).toMatchObject({ method: 'GET', url: '/text?x=1&day=2024-06-01&n=2', body: '' })
    await ask(host, 'request', { url: server.url + '/a', data: {} })
    expect(received[1]).toMatchObject({ url: '/a' })
    await ask(host, 'request', { url: server.url + '/a', data: { q: 'v' } })
    expect(received[2]).toMatchObject({ url: '/a?q=v' })
  })

  it('sends a string as it is, with the content-type given, and leaves data as text with another dataType', async () => {
    install()
    const { res } = await ask(host, 'request', {
      url: server.url + '/json',
      method: 'PUT',
      header: { 'Content-Type': 'text/plain' },
      data: 'raw',
      dataType: 'text',
    })
    expect(res).toMatchObject({ statusCode: 200, data: '{"answer":42}' })
    expect(received).toMatchObject([{ method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'raw' }])
    await ask(host, 'request', { url: server.url + '/json', method: 'POST' })
    expect(received[1]).toMatchObject({ method: 'POST', body: '' })
  })

  it('fails request as the platforms do when it cannot be sent', async () => {
    install()
    expect(await ask(host, 'request', { url: 42 })).toEqual({ ok: false, res: { errMsg: 'request:fail url should be String instead of number' } })
    const closed = await listenOnLoopback(() => {})
    await closed.close()
    expect(await ask(host, 'request', { url: closed.url })).toEqual({ ok: false, res: { errMsg: 'request:fail fetch failed' } })
    expect(() => global(host).request!()).not.toThrow()
  })

  it('aborts a request still on its way at restore, and answers no one', async () => {
    const runtime = install()
    const answered = jest.fn()
    global(host).request!({ url: server.url + '/hang', complete: answered })
    await new Promise((resolve) => setTimeout(resolve, 50))
    runtime.restore()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).not.toHaveBeenCalled()
  })

  it('keeps storage in memory, and answers an empty String for a key that holds nothing', () => {
    install()
    const storage = global(host)
    expect(storage.getStorageSync!('k')).toBe('')
    storage.setStorageSync!('k', 'token-1')
    expect(storage.getStorageSync!('k')).toBe('token-1')
    storage.removeStorageSync!('k')
    expect(storage.getStorageSync!('k')).toBe('')
  })

  it('after expireSession fails checkSession until the next login, which rotates the key the fake server and the data use', async () => {
    const fake = await startFakeCode2SessionServer()
    try {
      const runtime = install({ steps: [{ timestamp: JUNE_1, step: 5 }], watermark: false })
      expect(await ask(host, 'checkSession')).toEqual({ ok: true, res: { errMsg: 'checkSession:ok' } })
      const first = runtime.sessionKey
      runtime.expireSession()
      expect(await ask(host, 'checkSession')).toEqual({ ok: false, res: { errMsg: 'checkSession:fail session expired' } })
      expect(await ask(host, 'checkSession')).toEqual({ ok: false, res: { errMsg: 'checkSession:fail session expired' } })
      const { res } = await ask(host, 'login')
      expect(runtime.sessionKey).not.toBe(first)
      expect(runtime.sessionKey).toMatch(/^[A-Za-z0-9+/]{22}==$/)
      expect(await ask(host, 'checkSession')).toEqual({ ok: true, res: { errMsg: 'checkSession:ok' } })
      const platform = host == 'qq' ? 'qq' : 'weapp'
      const session = await code2Session({ platform, appId: runtime.appId, appSecret: 's', code: res.code as string, endpoint: fake.endpoint })
      expect(session.sessionKey).toBe(runtime.sessionKey)
      const data = await callNative(host, host == 'qq' ? 'getQQRunData' : 'getWeRunData')
      const { encryptedData, iv } = data.res as { encryptedData: string; iv: string }
      expect(decryptRunData({ encryptedData, iv, sessionKey: runtime.sessionKey, appId: runtime.appId })).toEqual({ stepInfoList: [{ timestamp: JUNE_1, step: 5 }] })
      expect(() => decryptRunData({ encryptedData, iv, sessionKey: first, appId: runtime.appId })).toThrow()
      // A login without expireSession keeps the key.
      const kept = runtime.sessionKey
      await ask(host, 'login')
      expect(runtime.sessionKey).toBe(kept)
      expect(runtime.calls).toMatchObject({ login: 2, checkSession: 4, request: 0 })
    } finally {
      await fake.close()
    }
  })
})

describe('mockWeChatRuntime({ cloud })', () => {
  const steps = [
    { timestamp: JUNE_1 - 86400, step: 8000 },
    { timestamp: JUNE_1, step: 12000 },
  ]
  const events: MockCloudEvent[] = []
  beforeEach(() => void events.splice(0))
  const record = (result: unknown) => (event: MockCloudEvent) => (events.push(event), result)
  const wxCloud = () => (globalThis as unknown as { wx: { cloud: Host & { CloudID(id: string): unknown } } }).wx.cloud

  it('hands the function the event as the cloud does, with the data really decrypted, and answers its result', async () => {
    fixClock()
    const runtime = installWeChat({ steps, cloud: record({ saved: true }) })
    const { res } = await callNative('wx', 'getWeRunData')
    const cloud = wxCloud()
    const answer = await new Promise<Record<string, unknown>>((resolve) =>
      cloud.callFunction!({
        name: 'steps',
        data: { weRunData: cloud.CloudID(res.cloudID as string), nested: { shareInfo: cloud.CloudID('yyy') }, n: 1, nothing: undefined },
        success: resolve,
      }),
    )
    expect(answer).toMatchObject({ errMsg: 'cloud.callFunction:ok', result: { saved: true } })
    expect(answer.requestID).toMatch(/^[0-9a-f]{16}$/)
    expect(events).toEqual([
      {
        weRunData: {
          cloudID: runtime.cloudID,
          data: {
            stepInfoList: [
              { timestamp: 1717084800, step: 8000 },
              { timestamp: 1717171200, step: 12000 },
            ],
            watermark: { appid: 'wx4f4bc4dec97d474b', timestamp: NOW },
          },
        },
        nested: { shareInfo: 'yyy' },
        n: 1,
        nothing: null,
        userInfo: { openId: runtime.openid, appId: 'wx4f4bc4dec97d474b' },
      },
    ])
  })

  it('opens a cloudID it never gave, or before giving data, as an errCode in place of data', async () => {
    installWeChat({ cloud: record(1) })
    const cloud = wxCloud()
    const call = (data?: unknown) => new Promise((resolve) => cloud.callFunction!({ name: 'f', data, complete: resolve }))
    await call({ weRunData: cloud.CloudID('other') })
    await callNative('wx', 'getWeRunData')
    await call({ weRunData: cloud.CloudID('other') })
    await call()
    expect(events).toEqual([
      { weRunData: { cloudID: 'other', errCode: -1, errMsg: 'the mock gave no data with this cloudID' }, userInfo: expect.any(Object) },
      { weRunData: { cloudID: 'other', errCode: -1, errMsg: 'the mock gave no data with this cloudID' }, userInfo: expect.any(Object) },
      { userInfo: expect.any(Object) },
    ])
    expect(() => cloud.callFunction!()).not.toThrow()
  })

  it.each([
    ['an Error', new Error('no database'), 'cloud.callFunction:fail no database'],
    ['a string', 'quota', 'cloud.callFunction:fail quota'],
  ])('fails the call when the function throws %s', async (_, thrown, errMsg) => {
    installWeChat({
      cloud: () => {
        throw thrown
      },
    })
    const answer = await new Promise((resolve) => wxCloud().callFunction!({ name: 'f', fail: resolve }))
    expect(answer).toEqual({ errMsg, errCode: -504002 })
  })

  it('answers with what an async function resolves with', async () => {
    installWeChat({ cloud: async () => 'later' })
    const answer = await new Promise((resolve) => wxCloud().callFunction!({ name: 'f', success: resolve }))
    expect(answer).toMatchObject({ result: 'later' })
  })

  it('has no wx.cloud without the option, and takes only a function', () => {
    installWeChat()
    expect('cloud' in (globalThis as unknown as { wx: object }).wx).toBe(false)
    expect(() => mockWeChatRuntime({ cloud: 'steps' as never })).toThrow(
      new TypeError('mockWeChatRuntime: options.cloud should be Function instead of String'),
    )
  })
})
