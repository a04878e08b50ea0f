import { startExampleBackend, type ExampleBackend } from '../../src/cli/example-backend'
import type { RunDataPlatform } from '../../src/server'
import { mockQQRuntime, mockWeChatRuntime, startFakeCode2SessionServer, type FakeCode2SessionServer } from '../../src/testing'
import { APP_ID, JUNE_1, nowSeconds, runData } from '../fixtures/run-data'
import { capture, OTHER_KEY, SESSION_KEY } from './helpers'

const APP_SECRET = 'example-secret'
const WECHAT_APP_ID = 'wx0123456789abcdef'
const WECHAT_SECRET = 'wechat-secret'
const apps = { qq: { appId: APP_ID, appSecret: APP_SECRET }, weapp: { appId: WECHAT_APP_ID, appSecret: WECHAT_SECRET } }
const INVALID_RUN_DATA = { status: 400, body: '{"error":"invalid run data"}' }
const QQ_OPENID = /^[0-9A-F]{32}$/
const WECHAT_OPENID = /^o[\w-]{27}$/
// The backend checks the data's age against the real clock.
const fresh = (days?: number, watermark: Record<string, unknown> = {}) => runData(days, { timestamp: nowSeconds(), ...watermark })

let platformApi: FakeCode2SessionServer
let backend: ExampleBackend
const logged: string[] = []
beforeAll(async () => {
  platformApi = await startFakeCode2SessionServer()
  backend = await startExampleBackend({ apps, endpoint: platformApi.endpoint, log: (line) => logged.push(line) })
})
afterAll(() => Promise.all([backend.close(), platformApi.close()]))
beforeEach(() => (logged.length = 0))

type Host = { login(callbacks: { success(res: { code: string }): void }): void }

/** A user of `platform` whose data is encrypted with `sessionKey`: each `login()` hands out a fresh code, as the platform would. */
function user(platform: RunDataPlatform = 'qq', sessionKey = SESSION_KEY) {
  const runtime = platform == 'qq' ? mockQQRuntime({ sessionKey }) : mockWeChatRuntime({ sessionKey, appId: WECHAT_APP_ID })
  const host = (globalThis as unknown as Record<string, Host>)[platform == 'qq' ? 'qq' : 'wx']!
  return {
    openid: runtime.openid,
    login: () => new Promise<string>((resolve) => host.login({ success: ({ code }) => resolve(code) })),
    restore: () => runtime.restore(),
  }
}

/** A fresh login of a user of `platform`, then the user gone: the code is all that is left. */
async function freshCode(platform: RunDataPlatform = 'qq') {
  const one = user(platform)
  try {
    return await one.login()
  } finally {
    one.restore()
  }
}

/** POSTs `body` (JSON, unless a string) and gives back the status and the body as text. */
async function post(path: string, body: unknown, url = backend.url) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body == 'string' ? body : JSON.stringify(body),
  })
  return { status: response.status, body: await response.text() }
}

const day = (i: number, steps = 1000 + i * 100) => ({ date: `2024-06-0${i + 1}`, steps, timestamp: JUNE_1 + i * 86400 })

describe('the example backend', () => {
  it('answers what loginAndGetRunData resolves with, in one request, with the days and their summary', async () => {
    const code = await freshCode()
    const answer = await post('/steps', { platform: 'qq', code, ...capture(fresh(2)) })
    expect(answer).toEqual({
      status: 200,
      body: JSON.stringify({ platform: 'qq', days: [day(0), day(1)], summary: { days: 2, total: 2100, average: 1050, best: day(1), latest: day(1) } }),
    })
    expect(logged).toEqual([])
  })

  it('stores one row per (openid, date), and a day seen again gets its latest count', async () => {
    const qq = user()
    try {
      const before = backend.rows.length
      expect((await post('/steps', { platform: 'qq', code: await qq.login(), ...capture(fresh(2)) })).status).toBe(200)
      const later = { stepInfoList: [{ timestamp: JUNE_1 + 86400, step: 4321 }, { timestamp: JUNE_1 + 2 * 86400, step: 5000 }] }
      expect((await post('/steps', { platform: 'qq', code: await qq.login(), ...capture(later) })).status).toBe(200)
      expect(qq.openid).toMatch(QQ_OPENID)
      expect(backend.rows.slice(before)).toEqual([
        { platform: 'qq', openid: qq.openid, date: '2024-06-01', steps: 1000 },
        { platform: 'qq', openid: qq.openid, date: '2024-06-02', steps: 4321 },
        { platform: 'qq', openid: qq.openid, date: '2024-06-03', steps: 5000 },
      ])
    } finally {
      qq.restore()
    }
  })

  it("decrypts WeChat's data with the WeChat app's appid, and keeps its rows apart from QQ's by openid", async () => {
    const wechat = user('weapp')
    try {
      const before = backend.rows.length
      const answer = await post('/steps', { platform: 'weapp', code: await wechat.login(), ...capture(fresh(1, { appid: WECHAT_APP_ID })) })
      expect(answer).toEqual({
        status: 200,
        body: JSON.stringify({ platform: 'weapp', days: [day(0)], summary: { days: 1, total: 1000, average: 1000, best: day(0), latest: day(0) } }),
      })
      expect(wechat.openid).toMatch(WECHAT_OPENID)
      expect(backend.rows.slice(before)).toEqual([{ platform: 'weapp', openid: wechat.openid, date: '2024-06-01', steps: 1000 }])
    } finally {
      wechat.restore()
    }
  })

  // QQ's watermark on run data is unconfirmed: QQ data is taken at any age, or with none.
  it.each<[string, object]>([
    ['without a watermark', { stepInfoList: [{ timestamp: JUNE_1, step: 1000 }] }],
    ['stamped a day ago', runData(1, { timestamp: nowSeconds() - 86400 })],
  ])('takes QQ data %s', async (_, payload) => {
    const answer = await post('/steps', { platform: 'qq', code: await freshCode(), ...capture(payload) })
    expect(answer).toEqual({
      status: 200,
      body: JSON.stringify({ platform: 'qq', days: [day(0)], summary: { days: 1, total: 1000, average: 1000, best: day(0), latest: day(0) } }),
    })
  })

  // Every way the data can be wrong, one line each, with the line the server log gets.
  it.each<[string, RunDataPlatform, object, string]>([
    [
      'encrypted with another key',
      'qq',
      capture(fresh(), OTHER_KEY),
      'POST /steps failed in decrypt (qq): DECRYPT_FAILED: decryptRunData: ',
    ],
    [
      'of another API',
      'qq',
      capture({ openGId: 'G', watermark: fresh().watermark }),
      'POST /steps failed in decrypt (qq): INVALID_PAYLOAD: decryptRunData: ',
    ],
    [
      'made for another app',
      'qq',
      capture(fresh(3, { appid: '1100000000' })),
      'POST /steps failed in decrypt (qq): APPID_MISMATCH: decryptRunData: ',
    ],
    [
      'of the QQ app, posted as WeChat',
      'weapp',
      capture(fresh(1)),
      'POST /steps failed in decrypt (weapp): APPID_MISMATCH: decryptRunData: ',
    ],
    [
      'from WeChat, over 5 minutes old',
      'weapp',
      capture(runData(3, { appid: WECHAT_APP_ID, timestamp: nowSeconds() - 301 })),
      'POST /steps failed in decrypt (weapp): EXPIRED: decryptRunData: ',
    ],
    [
      'from WeChat, without a watermark',
      'weapp',
      capture({ stepInfoList: [] }),
      'POST /steps failed in decrypt (weapp): INVALID_PAYLOAD: decryptRunData: ',
    ],
  ])('answers data %s like every other failure, and logs why on the server only', async (_, platform, data, line) => {
    const answer = await post('/steps', { platform, code: await freshCode(platform), ...data })
    // One status, one body, for every reason: distinct answers would make a padding oracle.
    expect(answer).toEqual(INVALID_RUN_DATA)
    expect(logged).toHaveLength(1)
    expect(logged[0]!.startsWith(line)).toBe(true)
    for (const secret of [SESSION_KEY, APP_SECRET, WECHAT_SECRET]) expect(logged[0]).not.toContain(secret)
  })

  it('refuses a bad request before the code is exchanged, and logs why', async () => {
    const calls = platformApi.calls
    expect(await post('/steps', '{"platform":"qq",')).toEqual({ status: 400, body: '{"error":"bad request"}' })
    expect(await post('/steps', { platform: 'qq', code: 'c', iv: 'x' })).toEqual({ status: 400, body: '{"error":"bad request"}' })
    expect(await post('/steps', { code: 'c', ...capture(fresh()) })).toEqual({ status: 400, body: '{"error":"bad request"}' })
    expect(platformApi.calls).toBe(calls)
    expect(logged).toEqual([
      'POST /steps failed in request: INVALID_INPUT: createRunDataHandler: the body is not JSON',
      "POST /steps failed in request (qq): INVALID_INPUT: createRunDataHandler: the body's encryptedData should be a non-empty String instead of Undefined",
      "POST /steps failed in request: INVALID_INPUT: createRunDataHandler: the body's platform is missing, and both qq and weapp are configured",
    ])
  })

  it('answers 401 to a code that was used or never issued, and logs the platform\'s answer', async () => {
    const code = await freshCode()
    expect((await post('/steps', { platform: 'qq', code, ...capture(fresh()) })).status).toBe(200)
    expect(await post('/steps', { platform: 'qq', code, ...capture(fresh()) })).toEqual({ status: 401, body: '{"error":"log in again"}' })
    expect(await post('/steps', { platform: 'weapp', code: 'never-issued', ...capture(fresh()) })).toEqual({ status: 401, body: '{"error":"log in again"}' })
    expect(logged).toEqual([
      'POST /steps failed in code2Session (qq): LOGIN_REQUIRED: code2Session: QQ answered errcode 40163 ("code been used"): the login code was already used; call qq.login again and send the new code',
      'POST /steps failed in code2Session (weapp): LOGIN_REQUIRED: code2Session: WeChat answered errcode 40029 ("invalid code"): the login code is invalid or expired; call wx.login again and send the new code',
    ])
  })

  it('answers 404 off POST /steps, and counts every request', async () => {
    const before = backend.requests
    expect(await fetch(`${backend.url}/steps`).then(async (res) => ({ status: res.status, body: await res.text() }))).toEqual({ status: 404, body: '{"error":"not found"}' })
    expect(await post('/login', { code: 'c' })).toEqual({ status: 404, body: '{"error":"not found"}' })
    expect(backend.requests).toBe(before + 2)
    expect(logged).toEqual([])
  })

  it('serves one platform alone, and logs nowhere unless given a log', async () => {
    const quiet = await startExampleBackend({ apps: { weapp: apps.weapp }, endpoint: platformApi.endpoint })
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(await post('/steps', { code: 'c', ...capture(fresh()) }, quiet.url)).toEqual({ status: 401, body: '{"error":"log in again"}' })
      expect(await post('/steps', { platform: 'qq', code: 'c', ...capture(fresh()) }, quiet.url)).toEqual({ status: 400, body: '{"error":"bad request"}' })
      expect(warn).not.toHaveBeenCalled()
    } finally {
      warn.mockRestore()
      await quiet.close()
    }
  })

  it('does not start without an app', async () => {
    await expect(startExampleBackend({ apps: {}, endpoint: platformApi.endpoint })).rejects.toThrow(
      'createRunDataHandler: configure at least one platform: options.qq and/or options.weapp, each { appId, appSecret }',
    )
  })
})
